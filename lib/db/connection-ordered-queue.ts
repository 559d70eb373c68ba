import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

type Entry = { handlerId: number; message: Uint8Array; onData: (data: Uint8Array) => void; resolve: (bytes: number) => void; reject: (error: unknown) => void };

/** Extended-query messages: Parse, Bind, Describe, Execute, Close, Flush. Their state lasts until the connection's Sync. */
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

/**
 * The order in which pglite-socket's connections reach the one PGlite session
 * behind them (lib/db/embedded.ts puts it in place of the library's own queue).
 *
 * The library runs protocol messages one at a time, in arrival order, whoever
 * sent them, keeping one connection to itself only inside a transaction. But
 * the extended protocol (Parse, Bind, Describe, Execute, then Sync), which
 * node-postgres and so Prisma use for every parameterised query, keeps state
 * between messages: the unnamed statement and portal. Another connection's
 * Parse between them replaces the statement the first is about to Bind: "bind
 * message supplies 26 parameters, but prepared statement "" requires 2". With
 * the app, the worker and the launcher on one embedded database, that happens
 * when their queries overlap, most often with a big message that arrives over
 * several reads (an import's chunk, an uploaded file).
 *
 * Here a connection holds the session from its first extended-protocol message
 * through its Sync, and, as before, for the whole of an open transaction. The
 * library also stopped serving every connection after a message threw; this
 * queue answers that one with the error and goes on.
 */
export class ConnectionOrderedQueue {
  private queue: Entry[] = [];
  private processing = false;
  /** The connection the session belongs to until its Sync or the end of its transaction; null when free. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  private next(): Entry | undefined {
    if (this.owner === null) return this.queue.shift();
    const index = this.queue.findIndex((entry) => entry.handlerId === this.owner);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let entry = this.next(); entry; entry = this.next()) {
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(entry!.message, {
              onRawData: (data) => {
                bytes += data.length;
                entry!.onData(data);
              },
            }),
          );
        } catch (error) {
          this.owner = this.db.isInTransaction() ? entry.handlerId : null;
          entry.reject(error);
          continue;
        }
        this.owner = this.db.isInTransaction() || EXTENDED.has(entry.message[0]!) ? entry.handlerId : null;
        entry.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  /** A connection went away: its waiting messages are dropped. */
  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((entry) => {
      if (entry.handlerId !== handlerId) return true;
      entry.reject(new Error("Handler disconnected"));
      return false;
    });
  }

  /** A connection went away: if it held the session, its transaction is rolled back and the session freed for the others. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    this.owner = null;
    await this.process();
  }
}

/**
 * A pglite-socket server for `db` whose connections take turns through ConnectionOrderedQueue: the
 * embedded database, the tests' in-memory one and the benchmarks' all serve PGlite through this.
 * The library's queue is not an option, so it is swapped before any connection exists; each
 * connection's handler reads it when it is made.
 */
export function createPGliteServer(db: PGlite, options: { host: string; port: number; maxConnections: number }): PGLiteSocketServer {
  const server = new PGLiteSocketServer({ db, ...options });
  const internals = server as unknown as { queryQueue: unknown };
  if (!("queryQueue" in internals)) throw new Error("@electric-sql/pglite-socket no longer has a queryQueue: check lib/db/connection-ordered-queue.ts against its new version.");
  internals.queryQueue = new ConnectionOrderedQueue(db);
  return server;
}
