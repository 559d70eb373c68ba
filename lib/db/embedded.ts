/**
 * The embedded database: PGlite on a data folder, served on loopback over the
 * Postgres wire protocol. Only the launcher and the CLI wrappers import this
 * file; Next and the worker just see a DATABASE_URL, so PGlite never enters
 * Next's bundle.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createPGliteServer } from "./connection-ordered-queue.ts";
import { PGLITE_EXTENSIONS } from "./pglite-extensions.ts";

export class EmbeddedDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddedDatabaseError";
  }
}

export type EmbeddedDatabase = {
  url: string;
  dataDir: string;
  port: number;
  /** True when this process started the server; false when it attached to a running one. */
  owned: boolean;
  stop(): Promise<void>;
};

type LockInfo = { pid: number; port: number; startedAt: string };

const LOCK_FILE = "instance.lock";
// Prisma's pg pool (10) plus the worker and CLI tools, with room to spare.
const MAX_CONNECTIONS = 40;

export function embeddedUrl(port: number): string {
  return `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(lockPath: string): LockInfo | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, "utf8")) as Partial<LockInfo>;
    if (typeof parsed.pid === "number" && typeof parsed.port === "number") {
      return { pid: parsed.pid, port: parsed.port, startedAt: String(parsed.startedAt ?? "") };
    }
  } catch {
    // Unreadable or half-written lock: treated as absent, then retaken atomically.
  }
  return undefined;
}

/** The running instance that holds `dataDir`, if any. */
export function findRunningInstance(dataDir: string): LockInfo | undefined {
  const lock = readLock(path.join(path.resolve(dataDir), LOCK_FILE));
  return lock && isAlive(lock.pid) ? lock : undefined;
}

function acquireLock(dataDir: string, port: number): () => void {
  const lockPath = path.join(dataDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, port, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(info), { flag: "wx" });
      return () => {
        const current = readLock(lockPath);
        if (current?.pid === process.pid) fs.rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLock(lockPath);
      if (holder && isAlive(holder.pid)) {
        throw new EmbeddedDatabaseError(
          `The data folder ${dataDir} is in use by another running instance (process ${holder.pid}, ` +
            `serving on 127.0.0.1:${holder.port} since ${holder.startedAt}). Stop that instance first, ` +
            `or set DATA_DIR to another folder.`,
        );
      }
      // The holder died without cleaning up: the lock is stale.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new EmbeddedDatabaseError(`Could not take the lock ${lockPath}; another process keeps recreating it.`);
}

function checkDataDir(dataDir: string): void {
  if (!fs.existsSync(dataDir)) return;
  if (!fs.statSync(dataDir).isDirectory()) {
    throw new EmbeddedDatabaseError(`DATA_DIR ${dataDir} exists but is not a folder.`);
  }
  const entries = fs.readdirSync(dataDir).filter((name) => name !== LOCK_FILE);
  if (entries.length > 0 && !entries.includes("PG_VERSION")) {
    // Never initialise a database on top of someone's files.
    throw new EmbeddedDatabaseError(
      `DATA_DIR ${dataDir} is not empty and holds no database (no PG_VERSION file). ` +
        `Point DATA_DIR at an empty or new folder.`,
    );
  }
}

function portInUseError(port: number): EmbeddedDatabaseError {
  return new EmbeddedDatabaseError(
    `Port ${port} on 127.0.0.1 is already in use, so the embedded database cannot listen there. ` +
      `Stop whatever uses it, or set EMBEDDED_DB_PORT to a free port.`,
  );
}

/** Fails fast, before the seconds PGlite takes to open, when the port is taken. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? portInUseError(port) : error),
    );
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

/**
 * Starts PGlite on `dataDir` and serves it on 127.0.0.1:`port`. Refuses, with a
 * message that says what to do, when another instance holds the folder, when
 * the port is taken, or when the folder cannot be opened. It never resets data.
 */
export async function startEmbeddedDatabase(options: { dataDir: string; port: number }): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  checkDataDir(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = acquireLock(dataDir, options.port);
  try {
    await assertPortFree(options.port);
  } catch (error) {
    releaseLock();
    throw error;
  }

  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, { extensions: PGLITE_EXTENSIONS });
  } catch (error) {
    releaseLock();
    throw new EmbeddedDatabaseError(
      `Could not open the embedded database in ${dataDir}: ${(error as Error).message}. ` +
        `The folder was left exactly as it was. If it is damaged, move it aside ` +
        `(mv ${dataDir} ${dataDir}.broken) and start again for a new, empty database, or restore a backup.`,
    );
  }

  const server = createPGliteServer(db, { host: "127.0.0.1", port: options.port, maxConnections: MAX_CONNECTIONS });
  try {
    await server.start();
  } catch (error) {
    await db.close().catch(() => {});
    releaseLock();
    const code = (error as NodeJS.ErrnoException).code;
    throw new EmbeddedDatabaseError(
      code === "EADDRINUSE"
        ? portInUseError(options.port).message
        : `The embedded database could not listen on 127.0.0.1:${options.port}: ${(error as Error).message}`,
    );
  }

  let stopped = false;
  return {
    url: embeddedUrl(options.port),
    dataDir,
    port: options.port,
    owned: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop().catch(() => {});
      await db.close().catch(() => {});
      releaseLock();
    },
  };
}

/**
 * For CLI tools (migrate, seed, reset): use the instance that already serves
 * `dataDir` if the app is running, otherwise start one for the duration.
 */
export async function attachOrStartEmbeddedDatabase(options: { dataDir: string; port: number }): Promise<EmbeddedDatabase> {
  const running = findRunningInstance(options.dataDir);
  if (running) {
    return {
      url: embeddedUrl(running.port),
      dataDir: path.resolve(options.dataDir),
      port: running.port,
      owned: false,
      async stop() {},
    };
  }
  return startEmbeddedDatabase(options);
}
