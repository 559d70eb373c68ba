/**
 * The launcher's VACUUM of the embedded database (lib/maintenance/vacuum-embedded-database.ts), on a real
 * data folder served over its socket: it lets space freed by a send be reused, and takes its turn in the
 * shared session, so another connection's open transaction is neither cut into nor broken.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { vacuumEmbeddedDatabase } from "@/lib/maintenance/vacuum-embedded-database";
import { freePort } from "../../scripts/lib/free-port.ts";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "vacuum-test-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function connect(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

describe("vacuuming the embedded database", () => {
  it("lets the next send reuse the space the last one freed, and waits for another connection's transaction", async () => {
    const db = await startEmbeddedDatabase({ dataDir: path.join(root, "data"), port: await freePort() });
    const client = await connect(db.url);
    try {
      // A table that churns as "Delivery" does in a send: rows written, then each updated twice.
      await client.query(`CREATE TABLE churn (id int PRIMARY KEY, status text NOT NULL, note text NOT NULL)`);
      const send = async (from: number) => {
        await client.query(`INSERT INTO churn SELECT g, 'queued', repeat('x', 200) FROM generate_series(${from}, ${from + 4999}) g`);
        await client.query(`UPDATE churn SET status = 'sending' WHERE id >= ${from}`);
        await client.query(`UPDATE churn SET status = 'sent' WHERE id >= ${from}`);
      };
      const size = async () => Number((await client.query<{ size: string }>(`SELECT pg_total_relation_size('churn') AS size`)).rows[0]!.size);
      const start = await size();
      await send(0);
      const afterFirst = await size();
      await send(5_000);
      const withoutVacuum = (await size()) - afterFirst;
      await vacuumEmbeddedDatabase(db.url);
      const beforeThird = await size();
      await send(10_000);
      const withVacuum = (await size()) - beforeThird;
      expect(afterFirst - start).toBeGreaterThan(0);
      // Without it, each send adds its rows three times over; with it, mostly into freed space.
      expect(withVacuum).toBeLessThan(withoutVacuum * 0.6);

      // Another connection inside a transaction: the VACUUM waits for it to end, and its work stands.
      const other = await connect(db.url);
      try {
        await other.query("BEGIN");
        await other.query(`INSERT INTO churn VALUES (99999, 'held', 'in a transaction')`);
        let vacuumed = false;
        const vacuum = vacuumEmbeddedDatabase(db.url).then(() => (vacuumed = true));
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(vacuumed).toBe(false);
        await other.query(`UPDATE churn SET status = 'still held' WHERE id = 99999`);
        await other.query("COMMIT");
        await vacuum;
        expect((await client.query(`SELECT status FROM churn WHERE id = 99999`)).rows).toEqual([{ status: "still held" }]);
      } finally {
        await other.end();
      }
    } finally {
      await client.end();
      await db.stop();
    }
  });
});
