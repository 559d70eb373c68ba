/**
 * `npm run db:reset`: drops every table, re-applies the migrations and seeds
 * the demo content. Refuses in production unless given --force.
 */
import pg from "pg";
import { config, publicAppUrl } from "../lib/config";
import { createPrismaClient } from "../lib/db/client";
import { seedDemoContent } from "../lib/demo/seed-demo";
import { loadDotEnv } from "./lib/env";
import { migrateDeploy } from "./lib/run-prisma";
import { withDatabaseUrl } from "./lib/with-database";

loadDotEnv();
if (config().NODE_ENV === "production" && !process.argv.includes("--force")) {
  console.error("Refusing to reset a database with NODE_ENV=production. Pass --force if you really mean it.");
  process.exit(2);
}

await withDatabaseUrl(async (url) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  await client.end();
  await migrateDeploy(url, { quiet: true });
  const prisma = createPrismaClient(url);
  await seedDemoContent(prisma, { siteUrl: publicAppUrl() });
  await prisma.$disconnect();
  console.log(`Reset ${url.replace(/\/\/[^@]*@/, "//")}: migrations applied, demo content seeded.`);
});
