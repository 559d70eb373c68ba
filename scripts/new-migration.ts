/**
 * `npm run db:migration <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
 * by diffing the committed schema (HEAD) with the edited one. `prisma migrate dev`
 * cannot run on these machines (see ../shared/prisma-offline.md). The diff reads
 * no tables, but Prisma's JS engine still opens a connection, so it gets one. Statements added to prisma/constraints.sql since HEAD are
 * appended, so hand-written rules travel with the migration that needs them.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadDotEnv } from "./lib/env";
import { withDatabaseUrl } from "./lib/with-database";

loadDotEnv();

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration <name>   (name: lower-case letters, digits and underscores)");
  process.exit(2);
}

function fromHead(file: string): string | undefined {
  try {
    return execFileSync("git", ["show", `HEAD:${file}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return undefined;
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "migration-"));
const previousSchema = fromHead("prisma/schema.prisma");
const from = previousSchema === undefined ? ["--from-empty"] : ["--from-schema-datamodel", path.join(tmp, "prev.prisma")];
if (previousSchema !== undefined) fs.writeFileSync(path.join(tmp, "prev.prisma"), previousSchema);

// Asynchronous on purpose: the embedded server runs in this very process.
const diff = await withDatabaseUrl((url) =>
  promisify(execFile)(
    path.resolve("node_modules/.bin/prisma"),
    ["migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
    { encoding: "utf8", env: { ...process.env, DATABASE_URL: url } },
  ),
).catch((error: { stderr?: string; message: string }) => {
  console.error(error.stderr || error.message);
  process.exit(1);
});

const statements = (sql: string) =>
  sql
    .split(/;\s*\n/)
    .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
    .filter(Boolean)
    .map((s) => s + ";");
const previousConstraints = new Set(statements(fromHead("prisma/constraints.sql") ?? ""));
const addedConstraints = statements(fs.readFileSync("prisma/constraints.sql", "utf8")).filter((s) => !previousConstraints.has(s));

const schemaSql = diff.stdout.includes("This is an empty migration") ? "" : diff.stdout.trim();
if (!schemaSql && addedConstraints.length === 0) {
  console.log("No changes: schema.prisma and constraints.sql match HEAD. Nothing written.");
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
const parts = [schemaSql];
if (addedConstraints.length > 0) parts.push("-- From prisma/constraints.sql\n" + addedConstraints.join("\n"));
fs.writeFileSync(path.join(dir, "migration.sql"), parts.filter(Boolean).join("\n\n") + "\n");
if (!fs.existsSync("prisma/migrations/migration_lock.toml")) {
  fs.writeFileSync("prisma/migrations/migration_lock.toml", 'provider = "postgresql"\n');
}
console.log(`Wrote ${path.join(dir, "migration.sql")}. Review it, then run npm run db:migrate.`);
