/**
 * `npm run dev` / `npm start`. With no DATABASE_URL it starts the embedded
 * database in this process, applies pending migrations, seeds demo content on
 * an empty embedded database, then runs Next as a child process pointed at it.
 * Next never imports PGlite: to Next it is just Postgres.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { config, ConfigError, publicAppUrl } from "../lib/config";
import { createPrismaClient } from "../lib/db/client";
import { EmbeddedDatabaseError, startEmbeddedDatabase, type EmbeddedDatabase } from "../lib/db/embedded";
import { pendingMigrations } from "../lib/db/migrations";
import { seedDemoContent } from "../lib/demo/seed-demo";
import { indexUnindexedIssues } from "../lib/search/index-unindexed-issues";
import { signingSecret } from "../lib/auth/signing-secret";
import { isSetupOpen } from "../lib/team/create-owner";
import { setupToken } from "../lib/team/setup-token";
import { PURGE_PATH } from "../lib/front/purge-front-cache";
import { loadDotEnv } from "./lib/env";
import { freePort } from "./lib/free-port";
import { migrateDeploy } from "./lib/run-prisma";
import { scheduleEmbeddedVacuum } from "../lib/maintenance/vacuum-embedded-database";

const modeArgument = process.argv[2];
if (modeArgument !== "dev" && modeArgument !== "start") {
  console.error("Usage: tsx scripts/launch.ts dev|start");
  process.exit(2);
}
const mode: "dev" | "start" = modeArgument;

/**
 * The longest the front keeps a page, whatever its Cache-Control says. The app purges it on every
 * revalidation; this bounds what another app process behind the same balancer (not told) may show.
 */
const FRONT_CACHE_SECONDS = 60;

function fail(error: unknown): never {
  const known = error instanceof ConfigError || error instanceof EmbeddedDatabaseError;
  console.error(known ? `\n${(error as Error).message}\n` : error);
  process.exit(1);
}

async function main() {
  loadDotEnv();
  const cfg = config();
  if (mode === "start" && !fs.existsSync(path.join(".next", "BUILD_ID"))) {
    throw new Error("No production build found. Run `npm run build` first, or use `npm run dev`.");
  }

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl: string;
  if (cfg.DATABASE_URL) {
    databaseUrl = cfg.DATABASE_URL;
  } else {
    embedded = await startEmbeddedDatabase({ dataDir: cfg.DATA_DIR, port: cfg.EMBEDDED_DB_PORT });
    databaseUrl = embedded.url;
    console.log(`Embedded database: ${embedded.dataDir} on 127.0.0.1:${embedded.port}`);
  }
  const stopDatabase = async () => embedded?.stop();

  try {
    const pending = await pendingMigrations(databaseUrl);
    if (pending.length > 0) {
      console.log(`Applying ${pending.length} migration(s)…`);
      await migrateDeploy(databaseUrl, { quiet: true });
    }
    const prisma = createPrismaClient(databaseUrl);
    try {
      if (embedded) {
        const { created } = await seedDemoContent(prisma, { siteUrl: publicAppUrl(cfg) });
        if (created) console.log("Seeded the demo publication and issues.");
      }
      const indexed = await indexUnindexedIssues(prisma);
      if (indexed > 0) console.log(`Added ${indexed} published issue(s) to site search.`);
      if (await isSetupOpen(prisma)) {
        // Always with the token: `next start` runs the app in production, where setup asks for it, even when this
        // launcher's own NODE_ENV is unset (npm and tsx set none). Where it is not asked for, it is ignored.
        const link = `${publicAppUrl(cfg)}/setup?token=${setupToken(signingSecret())}`;
        console.log(`Set up the owner account: ${link}`);
      }
    } finally {
      await prisma.$disconnect();
    }
  } catch (error) {
    await stopDatabase();
    throw error;
  }

  // One connection per process on the embedded database (see DATABASE_POOL_SIZE in lib/config.ts).
  // Links in mail and next-auth's callbacks need the public address; unset, it is this machine on PORT.
  const appUrl = publicAppUrl(cfg);
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: appUrl,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL || appUrl,
    ...(embedded ? { DATABASE_POOL_SIZE: "1" } : {}),
  };
  const children: ChildProcess[] = [];
  // In production a front (lib/front/start-front.ts) takes PORT and answers repeats of public pages from
  // memory; Next listens behind it on loopback. It is told to drop them whenever the app revalidates
  // (lib/front/purge-front-cache.ts). With FRONT_CACHE_MB=0 it keeps nothing but is still there: it appends
  // the caller's address to X-Forwarded-For, where Next alone keeps whatever the caller wrote there, and
  // rate limits would key on it (lib/http/client-ip.ts). In development Next takes PORT itself.
  if (mode === "start") {
    const nextPort = cfg.NEXT_PORT ?? (await freePort());
    const purgeSecret = randomBytes(32).toString("base64url");
    Object.assign(env, { FRONT_PURGE_URL: `http://127.0.0.1:${cfg.PORT}${PURGE_PATH}`, FRONT_PURGE_SECRET: purgeSecret });
    children.push(spawn(path.resolve("node_modules/.bin/next"), ["start", "--port", String(nextPort), "--hostname", "127.0.0.1"], { stdio: "inherit", env }));
    children.push(
      spawn(process.execPath, ["--import", "tsx", "scripts/front.ts"], {
        stdio: "inherit",
        env: { ...env, FRONT_UPSTREAM_PORT: String(nextPort), FRONT_CACHE_MB: String(cfg.FRONT_CACHE_MB), FRONT_CACHE_SECONDS: String(FRONT_CACHE_SECONDS) },
      }),
    );
  } else {
    children.push(spawn(path.resolve("node_modules/.bin/next"), [mode, "--port", String(cfg.PORT), "--hostname", cfg.DEV_HOSTNAME], { stdio: "inherit", env }));
  }
  // One send worker comes with the app, so "send" works out of the box; more can run with `npm run worker`.
  // It tells the app on this machine when a publish makes cached pages stale (lib/web/request-site-revalidation.ts).
  children.push(
    spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      stdio: "inherit",
      env: { ...env, SITE_INTERNAL_URL: process.env.SITE_INTERNAL_URL || `http://127.0.0.1:${cfg.PORT}` },
    }),
  );
  // PGlite has no autovacuum: the launcher, which owns the embedded database, vacuums it hourly.
  const vacuum = embedded ? scheduleEmbeddedVacuum(databaseUrl) : null;
  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    vacuum?.stop();
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  const exited = children.map((child) => new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 0 : 1)))));
  // If one stops on its own, stop the others: a half-running app would look healthy and send nothing.
  const first = await Promise.race(exited);
  shutdown("SIGTERM");
  await Promise.all(exited);
  await stopDatabase();
  process.exit(first);
}

main().catch(fail);
