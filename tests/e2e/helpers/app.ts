/**
 * The e2e tier's app: a production build (`npm run build`, skipped with
 * E2E_SKIP_BUILD=1), started by the launcher in `start` mode on the embedded
 * database in a fresh temporary DATA_DIR, on free ports. It seeds the demo
 * publication like a first `npm start` does. Used as the e2e project's
 * vitest globalSetup; the tests get the app's address with inject("e2eBaseUrl").
 *
 * Also `launchBrowser()`: the system Chromium driven by playwright-core.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import type { TestProject } from "vitest/node";
import { embeddedUrl } from "../../../lib/db/embedded";
import { freePort } from "../../../scripts/lib/free-port";

declare module "vitest" {
  export interface ProvidedContext {
    e2eBaseUrl: string;
    /** Next itself, behind the launcher's front (lib/front/start-front.ts). */
    e2eNextUrl: string;
    e2eLogFile: string;
    /** A line per database query the app's Next process makes (DATABASE_QUERY_LOG). */
    e2eQueryLog: string;
    /** The app's embedded database, for tests that change content behind its back. */
    e2eDatabaseUrl: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../../..");
const READY_TIMEOUT_MS = 180_000;

/** The app's signing secret, so tests can make the setup link the server prints. */
export const E2E_AUTH_SECRET = "e2e-only-secret-0123456789abcdefghijklmnopqrstuvwxyz";

export const CHROMIUM_PATH = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** The last `lines` lines of the app's log, for failure messages. */
export function logTail(file: string, lines = 60): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}


/** The environment of the processes this file starts: production, with nothing of vitest's or the caller's database and mail settings. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST") && key !== "TEST"));
  return {
    ...inherited,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    // Empty wins over a .env file (neither the scripts nor Next override a variable that is set).
    DATABASE_URL: "",
    RESEND_API_KEY: "",
    RESEND_BASE_URL: "",
    SMTP_URL: "",
    ...extra,
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.once("error", reject);
    child.once("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`}):\n${output}`))));
  });
}

/** Kills the launcher's whole process group (tsx, the launcher, next and the worker), and waits for the leader to go. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // Already gone.
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
  // The leader may go before next and the worker do: make sure nothing of the group is left holding the ports.
  signal("SIGKILL");
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The app stopped before it was ready (${child.signalCode ?? `exit ${child.exitCode}`}). Its log:\n${logTail(logFile, 80)}`);
    }
    const status = await fetch(`${baseUrl}/sign-in`, { redirect: "manual", signal: AbortSignal.timeout(10_000) }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200 || status === 307) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The app did not answer on ${baseUrl}/sign-in within ${READY_TIMEOUT_MS / 1000} s. Its log:\n${logTail(logFile, 80)}`);
}

export type RunningApp = { baseUrl: string; nextUrl: string; logFile: string; queryLog: string | null; databaseUrl: string; stop: () => Promise<void> };

/**
 * Builds (unless `skipBuild`) and starts the production app on a fresh embedded database with
 * the demo content, on free ports. Also used by `npm run bench:site`.
 */
export async function startApp(options: { skipBuild: boolean; logQueries: boolean; tempPrefix?: string }): Promise<RunningApp> {
  if (!options.skipBuild) {
    await run("npm", ["run", "build"], childEnv({}));
  } else if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error("The build was to be skipped, but there is no production build (.next/BUILD_ID): run `npm run build` first.");
  }

  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), options.tempPrefix ?? "weekly-e2e-"));
  const logFile = path.join(tempDir, "app.log");
  const queryLog = options.logQueries ? path.join(tempDir, "queries.log") : null;
  const port = await freePort();
  const dbPort = await freePort();
  const nextPort = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const log = fs.openSync(logFile, "a");
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/launch.ts", "start"], {
    cwd: ROOT,
    // Its own process group, so teardown can stop the launcher and everything it started in one signal.
    detached: true,
    stdio: ["ignore", log, log],
    env: childEnv({
      DATA_DIR: path.join(tempDir, "data"),
      PORT: String(port),
      EMBEDDED_DB_PORT: String(dbPort),
      NEXT_PORT: String(nextPort),
      APP_URL: baseUrl,
      NEXTAUTH_URL: baseUrl,
      AUTH_SECRET: E2E_AUTH_SECRET,
      // Sending is not under test; a worker that sends without a rate limit keeps the run short if something does send.
      SEND_RATE_LIMIT: "0",
      // The tests play a trusted reverse proxy in front of the launcher's front: an X-Forwarded-For
      // they send names the caller (rate-limit tests use that to be several addresses).
      TRUSTED_PROXY_HOPS: "2",
      ...(queryLog ? { DATABASE_QUERY_LOG: queryLog } : {}),
    }),
  });
  fs.closeSync(log);
  // If the caller goes without stopping the app (killed, crashed), the app must not outlive it.
  const killOnExit = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  process.once("exit", killOnExit);

  const stop = async () => {
    await stopGroup(child);
    process.removeListener("exit", killOnExit);
    if (process.env.E2E_KEEP_DATA === "1") console.log(`e2e: kept ${tempDir}`);
    else fs.rmSync(tempDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(baseUrl, child, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, nextUrl: `http://127.0.0.1:${nextPort}`, logFile, queryLog, databaseUrl: embeddedUrl(dbPort), stop };
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`The e2e tests need Chromium at ${CHROMIUM_PATH} (apt-get install chromium), or E2E_CHROMIUM set to one.`);
  const app = await startApp({ skipBuild: process.env.E2E_SKIP_BUILD === "1", logQueries: true });
  project.provide("e2eBaseUrl", app.baseUrl);
  project.provide("e2eNextUrl", app.nextUrl);
  project.provide("e2eLogFile", app.logFile);
  project.provide("e2eQueryLog", app.queryLog!);
  project.provide("e2eDatabaseUrl", app.databaseUrl);
  return app.stop;
}
