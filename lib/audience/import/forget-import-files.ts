import type { Database } from "../../db/client";
import type { Prisma } from "../../db/generated/client";

/**
 * How long an uploaded file waits for its import to start, from the upload or
 * the last preview. A file holds up to 20 MB of people's addresses; one nobody
 * has touched for a day was abandoned, and an editor who comes back uploads it
 * again in a minute.
 */
export const IMPORT_FILE_HOURS = 24;

/** When a job's file is deleted if its import has not started by then. */
export const importFileExpiresAt = (job: { updatedAt: Date }) => new Date(job.updatedAt.getTime() + IMPORT_FILE_HOURS * 3_600_000);

export const EXPIRED_BY_AGE = `The file was deleted: it waited over ${IMPORT_FILE_HOURS} hours without being imported. Upload it again to import it.`;
export const EXPIRED_BY_ERASURE = "The file was deleted when a subscriber was erased, as it may hold their address. Upload it again (without them) to import it.";
/** What a running import that lost its file says (lib/audience/import/run-import.ts). */
export const STOPPED_BY_ERASURE =
  "Stopped: a subscriber was erased while this import ran, and its file was deleted, as it may hold their address. The rows read until then are imported; upload the file again (without them) to import the rest.";

/**
 * Deletes the file of every import that was uploaded or previewed and then
 * left for over IMPORT_FILE_HOURS, and marks it expired, so its page says to
 * upload it again (lib/maintenance/prune-expired.ts runs this). Imports that
 * were started keep theirs until they end, which wipes it.
 */
export async function expireImportFiles(prisma: Database, now: Date): Promise<number> {
  const { count } = await prisma.importJob.updateMany({
    where: { status: { in: ["pending", "previewed"] }, updatedAt: { lt: new Date(now.getTime() - IMPORT_FILE_HOURS * 3_600_000) } },
    data: { status: "expired", file: null, failure: EXPIRED_BY_AGE, finishedAt: now },
  });
  return count;
}

/**
 * For an erasure (in its transaction): deletes the file of every import of the
 * publication that has not ended, since any of them may hold the erased
 * person's address and, once started, would add them back as a new
 * subscriber. Every file goes, not only those holding the address: finding it
 * would mean decoding up to 20 MB per file inside the erasure, and erasures are
 * rare. Imports not yet running are marked expired (upload again); a running
 * one has read its file already, and stops at its next chunk when it sees the
 * file gone (run-import.ts).
 */
export async function forgetImportFiles(tx: Database | Prisma.TransactionClient, publicationId: string): Promise<number> {
  const now = new Date();
  const { count: waiting } = await tx.importJob.updateMany({
    where: { publicationId, status: { in: ["pending", "previewed", "queued"] } },
    data: { status: "expired", file: null, failure: EXPIRED_BY_ERASURE, finishedAt: now },
  });
  const { count: running } = await tx.importJob.updateMany({ where: { publicationId, status: "running", file: { not: null } }, data: { file: null } });
  return waiting + running;
}
