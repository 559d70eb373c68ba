import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export const MIGRATIONS_DIR = path.resolve("prisma", "migrations");

/** Names of the committed migrations, oldest first. */
export function committedMigrations(dir = MIGRATIONS_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Committed migrations the database has not applied yet. Lets the launcher
 * skip spawning the Prisma CLI (seconds) on the usual start where nothing changed.
 */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ exists: boolean }>(
      "select to_regclass('public._prisma_migrations') is not null as exists",
    );
    if (!rows[0]?.exists) return committedMigrations();
    const applied = await client.query<{ migration_name: string }>(
      "select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null",
    );
    const done = new Set(applied.rows.map((row) => row.migration_name));
    return committedMigrations().filter((name) => !done.has(name));
  } finally {
    await client.end();
  }
}
