import { config } from "../../lib/config";
import { attachOrStartEmbeddedDatabase } from "../../lib/db/embedded";

/**
 * Runs `task` with a database URL: DATABASE_URL when set, otherwise the
 * embedded database (the running app's, or one started for the duration).
 */
export async function withDatabaseUrl<T>(task: (url: string) => Promise<T>): Promise<T> {
  const { DATABASE_URL, DATA_DIR, EMBEDDED_DB_PORT } = config();
  if (DATABASE_URL) return task(DATABASE_URL);
  const embedded = await attachOrStartEmbeddedDatabase({ dataDir: DATA_DIR, port: EMBEDDED_DB_PORT });
  try {
    return await task(embedded.url);
  } finally {
    await embedded.stop();
  }
}
