import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createPGliteServer } from "../../lib/db/connection-ordered-queue.ts";
import { PGLITE_EXTENSIONS } from "../../lib/db/pglite-extensions.ts";
import { migrateDeploy } from "../../scripts/lib/run-prisma.ts";

/** A migrated in-memory PGlite behind its socket, as the embedded default runs it. */
export async function embeddedDatabase() {
  const db = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  const server = createPGliteServer(db, { host: "127.0.0.1", port: 0, maxConnections: 40 });
  await server.start();
  const url = `postgresql://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  await migrateDeploy(url, { quiet: true });
  return {
    url,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

/** A fresh, migrated database on the PostgreSQL server (dropped and created). */
export async function serverDatabase(url: string) {
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/?]+(\?|$)/, "/postgres$1") });
  await admin.connect();
  const name = new URL(url).pathname.slice(1);
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  await migrateDeploy(url, { quiet: true });
  return { url, stop: async () => {} };
}

/**
 * Runs `measure` on a fresh embedded database (one connection, as the app has), then on a fresh
 * database on the server at `serverUrl` (a pool of 10): the two halves of every database bench.
 */
export async function onBothDatabases(serverUrl: string, measure: (label: string, url: string, poolSize: number) => Promise<void>) {
  const embedded = await embeddedDatabase();
  await measure("embedded PGlite (1 connection)", embedded.url, 1);
  await embedded.stop();
  const server = await serverDatabase(serverUrl);
  await measure("server PostgreSQL", server.url, 10);
  await server.stop();
}
