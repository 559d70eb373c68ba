import { inject } from "vitest";
import { createPrismaClient, type Database } from "@/lib/db/client";

let client: Database | undefined;

/** The Prisma client for the tier's database (see global-setup.ts). */
export function testDb(): Database {
  // The embedded database gets one connection, as the launcher gives the app (see DATABASE_POOL_SIZE).
  client ??= createPrismaClient(inject("databaseUrl"), { poolSize: inject("databaseKind") === "pglite" ? 1 : 10 });
  return client;
}

/** Empties every table but Prisma's migration record. */
export async function resetDatabase(): Promise<void> {
  const prisma = testDb();
  const tables = await prisma.$queryRaw<{ tablename: string }[]>`
    select tablename from pg_tables where schemaname = 'public' and tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  const list = tables.map((t) => `"public"."${t.tablename}"`).join(", ");
  await prisma.$executeRawUnsafe(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
}

export async function disconnectTestDb(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
}
