/**
 * Gives the integration tier one migrated database: a fresh in-memory PGlite
 * served over the Postgres protocol by default, or the server database named by
 * TEST_DATABASE_URL (whose public schema is dropped and rebuilt: point it at a
 * database kept for tests).
 */
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createPGliteServer } from "../../lib/db/connection-ordered-queue.ts";
import { PGLITE_EXTENSIONS } from "../../lib/db/pglite-extensions";
import type { TestProject } from "vitest/node";
import { migrateDeploy } from "../../scripts/lib/run-prisma";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "pglite" | "server";
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    await client.end();
    await migrateDeploy(serverUrl, { quiet: true });
    project.provide("databaseUrl", serverUrl);
    project.provide("databaseKind", "server");
    return;
  }

  const db = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  const server = createPGliteServer(db, { host: "127.0.0.1", port: 0, maxConnections: 40 });
  await server.start();
  const url = `postgresql://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  await migrateDeploy(url, { quiet: true });
  project.provide("databaseUrl", url);
  project.provide("databaseKind", "pglite");
  return async () => {
    await server.stop();
    await db.close();
  };
}
