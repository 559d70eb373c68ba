/**
 * The embedded database's lifecycle on a real data folder: reuse across
 * restarts, refusal when the folder or port is taken, and clear errors that
 * leave a damaged or foreign folder untouched.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../../scripts/lib/free-port.ts";
import { afterAll, describe, expect, it } from "vitest";
import {
  attachOrStartEmbeddedDatabase,
  EmbeddedDatabaseError,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from "@/lib/db/embedded";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "embedded-test-"));
const running: EmbeddedDatabase[] = [];
afterAll(async () => {
  await Promise.all(running.map((db) => db.stop()));
  fs.rmSync(root, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function fingerprint(dir: string): string {
  const hash = createHash("sha256");
  for (const file of fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const full = path.join(dir, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  return hash.digest("hex");
}

async function startError(options: { dataDir: string; port: number }): Promise<EmbeddedDatabaseError> {
  const error = await startEmbeddedDatabase(options).then(
    (db) => {
      running.push(db);
      throw new Error("expected the start to be refused");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmbeddedDatabaseError);
  return error as EmbeddedDatabaseError;
}

describe("embedded database", () => {
  const dataDir = path.join(root, "data");

  it("serves a new folder, refuses a second instance on it, and keeps data across restarts", async () => {
    const port = await freePort();
    const first = await startEmbeddedDatabase({ dataDir, port });
    running.push(first);
    await query(first.url, "create table note (body text); insert into note values ('kept')");

    const locked = await startError({ dataDir, port: await freePort() });
    expect(locked.message).toMatch(/in use by another running instance \(process \d+, serving on 127\.0\.0\.1:\d+/);

    const attached = await attachOrStartEmbeddedDatabase({ dataDir, port: await freePort() });
    expect(attached).toMatchObject({ owned: false, port });

    await first.stop();
    expect(fs.existsSync(path.join(dataDir, "instance.lock"))).toBe(false);

    // A lock left by a process that died is stale and must not block a start.
    fs.writeFileSync(path.join(dataDir, "instance.lock"), JSON.stringify({ pid: 2 ** 22 + 17, port: 1, startedAt: "then" }));
    const second = await startEmbeddedDatabase({ dataDir, port: await freePort() });
    running.push(second);
    expect(await query<{ body: string }>(second.url, "select body from note")).toEqual([{ body: "kept" }]);
    await second.stop();
  });

  it("keeps each connection's parameterised queries whole while others run theirs at the same time", async () => {
    const db = await startEmbeddedDatabase({ dataDir: path.join(root, "concurrent"), port: await freePort() });
    running.push(db);
    const clients = await Promise.all(
      [0, 1, 2].map(async () => {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        return client;
      }),
    );
    try {
      // Each statement has its own shape (parameter count), and one carries a parameter big enough to
      // arrive over several reads: another connection's Parse between a Parse and its Bind breaks it.
      const big = "x".repeat(400_000);
      const rounds = 20;
      const runs = [
        (async () => {
          for (let i = 0; i < rounds; i++) expect((await clients[0]!.query("SELECT length($1::text) + $2::int AS n", [big, i])).rows[0].n).toBe(big.length + i);
        })(),
        (async () => {
          for (let i = 0; i < rounds * 4; i++) expect((await clients[1]!.query("SELECT $1::int * 2 AS n", [i])).rows[0].n).toBe(i * 2);
        })(),
        (async () => {
          for (let i = 0; i < rounds * 4; i++) {
            const row = (await clients[2]!.query("SELECT $1::text || $2::text || $3::text AS s", ["a", String(i), "b"])).rows[0];
            expect(row.s).toBe(`a${i}b`);
          }
        })(),
      ];
      await Promise.all(runs);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it("refuses a port that is already taken, and says which variable to change", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const error = await startError({ dataDir: path.join(root, "port-test"), port });
      expect(error.message).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(error.message).toContain("EMBEDDED_DB_PORT");
      expect(fs.existsSync(path.join(root, "port-test", "instance.lock"))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it("reports a damaged folder clearly and never resets it", async () => {
    const damaged = path.join(root, "damaged");
    fs.cpSync(dataDir, damaged, { recursive: true });
    fs.writeFileSync(path.join(damaged, "global", "pg_control"), Buffer.alloc(8192, 0x5a));
    const before = fingerprint(damaged);

    const error = await startError({ dataDir: damaged, port: await freePort() });
    expect(error.message).toContain(`Could not open the embedded database in ${damaged}`);
    expect(error.message).toContain("left exactly as it was");
    expect(fingerprint(damaged)).toBe(before);
    expect(fs.existsSync(path.join(damaged, "instance.lock"))).toBe(false);
  });

  it("refuses to create a database inside a folder that holds other files", async () => {
    const foreign = path.join(root, "foreign");
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, "notes.txt"), "mine");
    const error = await startError({ dataDir: foreign, port: await freePort() });
    expect(error.message).toContain("is not empty and holds no database");
    expect(fs.readdirSync(foreign)).toEqual(["notes.txt"]);
  });
});
