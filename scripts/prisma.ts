/**
 * The one way to run the Prisma CLI here: `tsx scripts/prisma.ts <args>`.
 * `generate` needs a resolvable DATABASE_URL but never connects, so it gets a
 * placeholder; everything else gets the real or the embedded database.
 */
import { loadDotEnv } from "./lib/env";
import { runPrisma } from "./lib/run-prisma";
import { withDatabaseUrl } from "./lib/with-database";

loadDotEnv();
const args = process.argv.slice(2);

const PLACEHOLDER_URL = "postgresql://placeholder@127.0.0.1:5432/placeholder";

const code =
  args[0] === "generate" || args[0] === "validate" || args[0] === "format"
    ? await runPrisma(args, process.env.DATABASE_URL || PLACEHOLDER_URL)
    : await withDatabaseUrl((url) => runPrisma(args, url));
process.exit(code);
