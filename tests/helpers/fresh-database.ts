/**
 * Throw-away empty databases of the same kind as the tier's: an in-process
 * PGlite, or a new database on the server named by TEST_DATABASE_URL.
 */
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { PGLITE_EXTENSIONS } from "../../lib/db/pglite-extensions";
import { inject } from "vitest";

export type FreshDatabase = {
  exec(sql: string): Promise<void>;
  query<T>(sql: string): Promise<T[]>;
  drop(): Promise<void>;
};

export async function freshDatabase(): Promise<FreshDatabase> {
  if (inject("databaseKind") === "pglite") {
    const db = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
    return {
      exec: async (sql) => void (await db.exec(sql)),
      query: async <T,>(sql: string) => (await db.query<T>(sql)).rows,
      drop: () => db.close(),
    };
  }
  const adminUrl = inject("databaseUrl");
  const name = `weekly_scratch_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    exec: async (sql) => void (await client.query(sql)),
    query: async <T,>(sql: string) => (await client.query(sql)).rows as T[],
    async drop() {
      await client.end();
      await admin.query(`DROP DATABASE ${name}`);
      await admin.end();
    },
  };
}
