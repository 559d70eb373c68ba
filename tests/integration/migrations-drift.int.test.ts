/**
 * The committed migrations must build exactly the schema that schema.prisma
 * (plus the hand-written rules in constraints.sql) describes. A migration that
 * was edited, forgotten or hand-patched shows up here as a difference.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { committedMigrations, MIGRATIONS_DIR } from "@/lib/db/migrations";
import { freshDatabase, type FreshDatabase } from "../helpers/fresh-database";

async function describeSchema(db: FreshDatabase) {
  const columns = await db.query(`
    select table_name, column_name, data_type, udt_name, is_nullable, column_default,
           character_maximum_length, numeric_precision, datetime_precision
    from information_schema.columns where table_schema = 'public'
    order by table_name, column_name`);
  const constraints = await db.query(`
    select conrelid::regclass::text as table_name, conname, contype, pg_get_constraintdef(oid) as definition
    from pg_constraint where connamespace = 'public'::regnamespace
    order by 1, 2`);
  const indexes = await db.query(`
    select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`);
  const enums = await db.query(`
    select t.typname, string_agg(e.enumlabel, ',' order by e.enumsortorder) as labels
    from pg_type t join pg_enum e on e.enumtypid = t.oid
    join pg_namespace n on n.oid = t.typnamespace and n.nspname = 'public'
    group by t.typname order by 1`);
  // Triggers and the functions they run (constraints.sql): information_schema names each event on its own row.
  const triggers = await db.query(`
    select event_object_table, trigger_name, action_timing, event_manipulation, action_statement
    from information_schema.triggers where trigger_schema = 'public'
    order by 1, 2, 4`);
  const functions = await db.query(`
    select p.proname, pg_get_functiondef(p.oid) as definition
    from pg_proc p where p.pronamespace = 'public'::regnamespace
      and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
    order by 1`);
  return { columns, constraints, indexes, enums, triggers, functions };
}

const databases: FreshDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

describe("migrations", () => {
  it("produce exactly the schema in schema.prisma and constraints.sql", async () => {
    const { stdout: fromEmpty } = await promisify(execFile)(
      path.resolve("node_modules/.bin/prisma"),
      ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
      { encoding: "utf8", env: { ...process.env, DATABASE_URL: inject("databaseUrl") } },
    );
    expect(fromEmpty).toContain("CREATE TABLE");

    const migrated = await freshDatabase();
    databases.push(migrated);
    const names = committedMigrations();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      await migrated.exec(fs.readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8"));
    }

    const declared = await freshDatabase();
    databases.push(declared);
    await declared.exec(fromEmpty);
    await declared.exec(fs.readFileSync("prisma/constraints.sql", "utf8"));

    const [actual, expected] = await Promise.all([describeSchema(migrated), describeSchema(declared)]);
    expect(actual.columns.length).toBeGreaterThan(20);
    expect(actual.triggers.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  });
});
