import pg from "pg";

/** How often the launcher vacuums the embedded database, and how long after start the first time. */
export const EMBEDDED_VACUUM_INTERVAL_MS = 60 * 60_000;
export const EMBEDDED_VACUUM_FIRST_MS = 5 * 60_000;

/**
 * `VACUUM (ANALYZE)` of the whole embedded database, through its socket like any client, so it takes
 * its turn in the shared session (lib/db/connection-ordered-queue.ts) instead of cutting into another
 * connection's transaction.
 *
 * PGlite runs no autovacuum: every row version a send, an autosave or a webhook leaves behind stayed
 * in the files for good, and the planner's statistics went stale. Measured with 20,000 subscribers
 * (a scratch probe, 30 November): each weekly send grew "Delivery" by 23 MB, three times its live
 * rows; after a VACUUM the next one grew it by 9.7 MB, the rest reusing freed space. The VACUUM took
 * 0.26 s for 80,000 rows and their dead versions; later ones skip the pages that have not changed.
 * A server's autovacuum does this itself, so the launcher runs it for the embedded database only.
 */
export async function vacuumEmbeddedDatabase(url: string): Promise<{ ms: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    await client.query("VACUUM (ANALYZE)");
  } finally {
    await client.end();
  }
  return { ms: performance.now() - started };
}

/** Vacuums on a timer until `stop()`; a failure is logged and tried again at the next turn. */
export function scheduleEmbeddedVacuum(url: string, { firstMs = EMBEDDED_VACUUM_FIRST_MS, everyMs = EMBEDDED_VACUUM_INTERVAL_MS } = {}): { stop: () => void } {
  let timer: NodeJS.Timeout;
  const turn = async () => {
    try {
      const { ms } = await vacuumEmbeddedDatabase(url);
      // Worth a line only when readers could have noticed the pause.
      if (ms > 2_000) console.log(`Embedded database vacuumed in ${(ms / 1000).toFixed(1)} s.`);
    } catch (error) {
      console.error(`Embedded database: VACUUM failed, and will be tried again in an hour: ${error instanceof Error ? error.message : String(error)}`);
    }
    timer = setTimeout(() => void turn(), everyMs);
    timer.unref();
  };
  timer = setTimeout(() => void turn(), firstMs);
  timer.unref();
  return { stop: () => clearTimeout(timer) };
}
