import type { Database } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { sendConfirmationEmails } from "../../subscribers/send-confirmation-email.ts";
import { ensureTags, tagSlug } from "../../tags/ensure-tags.ts";
import { STOPPED_BY_ERASURE } from "./forget-import-files.ts";
import { importFileOf } from "./import-jobs.ts";
import { MAX_ROW_ERRORS, type ImportCounts, type RowError } from "./preview-import.ts";
import type { ImportRow } from "./parse-row.ts";
import { isDeletedTagError, refusedRowReason } from "./refused-row.ts";
import { inChunks, scanRows } from "./scan-rows.ts";

/** Rows per INSERT: large enough to make 100,000 rows a hundred statements, small enough to show progress. */
const CHUNK = 1000;
/** Confirmation emails between two progress writes (each write also tells other workers this job is alive). */
const MAIL_GROUP = 100;
/** A running job not heard from for this long lost its worker; another one starts it again. */
export const IMPORT_STALE_MS = 10 * 60_000;

type Links = { appUrl: string; secret: string };

/**
 * Takes the oldest queued import (or one whose worker died) and runs it to
 * the end. Any number of workers may call this; one statement claims a job,
 * so no two run the same one. False when there was nothing to do.
 * `onClaimed` is told once a job is taken, before it runs (for minutes, maybe).
 */
export async function runQueuedImport(prisma: Database, links: Links, options: { now?: Date; onClaimed?: () => void } = {}): Promise<boolean> {
  const now = options.now ?? new Date();
  const stale = new Date(now.getTime() - IMPORT_STALE_MS);
  const [claimed] = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE "ImportJob" SET "status" = 'running', "startedAt" = ${now}, "updatedAt" = ${now}
    WHERE "id" = (
      SELECT "id" FROM "ImportJob" WHERE "status" = 'queued' OR ("status" = 'running' AND "updatedAt" < ${stale})
      ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING "id"`;
  if (!claimed) return false;
  options.onClaimed?.();
  try {
    await runImport(prisma, claimed.id, links);
  } catch (error) {
    const failure = error instanceof Error ? error.message : String(error);
    console.error(`Import ${claimed.id} failed: ${failure}`);
    // The file goes with the failure: it holds personal data, and the editor uploads it again to retry.
    await prisma.importJob.update({ where: { id: claimed.id }, data: { status: "failed", failure: failure.slice(0, 500), file: null, finishedAt: new Date() }, select: { id: true } });
  }
  return true;
}

/**
 * The import itself, in chunks of 1,000 rows: each chunk is one query for the
 * addresses already here, one multi-row INSERT … ON CONFLICT for the rest,
 * one for their tags, and the confirmation emails. New rows are active with
 * consent, otherwise pending with a confirmation email (one per address per
 * 10 minutes, as for the form). Existing subscribers keep their name unless
 * it is empty. A row the file's status column marks unsubscribed, bounced or
 * complained is added with that status, or moves an active or pending
 * subscriber to it (the file says they left), and is never mailed; the
 * database's triggers log the change. Unsubscribed, bounced and complained
 * addresses are left alone, even with consent: a reader's own "unsubscribe" is later and more specific
 * than a list's claim of consent, and mail to an address that bounced or
 * complained hurts every reader's delivery. Someone who unsubscribed comes
 * back through the subscribe form or their preferences link. A job started again (its worker died)
 * reads the file from the top: every step is an upsert, so nothing doubles. A row the database
 * refuses all the same is a row error and the rest is imported (writeRows).
 */
export async function runImport(prisma: Database, jobId: string, links: Links): Promise<void> {
  const job = await prisma.importJob.findUniqueOrThrow({ where: { id: jobId }, include: { publication: { select: { id: true, name: true, logoUrl: true, accentColor: true } } } });
  // An erasure between the claim and this read took the file (forget-import-files.ts).
  if (!job.file) throw new Error(STOPPED_BY_ERASURE);
  const input = importFileOf(job);
  if (!input) throw new Error("The import has no column mapping.");
  const { publication, consent } = job;
  // The counts are recounted as the file is read (they match the preview's unless the list changed in between);
  // until the end only the progress is written, so the page measures it against the preview's row count.
  const counts: ImportCounts = { totalRows: 0, validRows: 0, invalidRows: 0, duplicateRows: 0, unsubscribedRows: 0, suppressedRows: 0, markedUnsubscribedRows: 0, markedSuppressedRows: 0 };
  const progress = { processedRows: 0, imported: 0, updated: 0, skipped: 0, confirmationsSent: 0 };
  const errors: RowError[] = [];
  const tagIds = new Map<string, string>();
  // `select`: an update returns the row, and this one holds the whole file.
  const save = (data: Prisma.ImportJobUpdateInput = {}) => prisma.importJob.update({ where: { id: jobId }, data: { ...progress, ...data }, select: { id: true } });

  for await (const chunk of inChunks(scanRows(input), CHUNK)) {
    // The file is read into memory, but an erasure deletes the row's copy so that its person is not added
    // back: then the import stops here, rather than importing the rest of a file it should no longer hold.
    if ((await prisma.importJob.count({ where: { id: jobId, file: { not: null } } })) === 0) throw new Error(STOPPED_BY_ERASURE);
    const valid: RowToWrite[] = [];
    const chunkErrors: RowError[] = [];
    for (const row of chunk) {
      counts.totalRows += 1;
      if (row.outcome === "valid") valid.push({ row: row.row, value: row.value });
      else if (row.outcome === "duplicate") counts.duplicateRows += 1;
      else chunkErrors.push({ row: row.row, reason: row.reason });
    }
    await ensureChunkTags(prisma, publication.id, valid, tagIds);
    const { written, refused } = await writeRows(prisma, publication.id, valid, consent, tagIds);
    // A row the database refused counts as invalid, not valid: valid rows stay those imported, updated or skipped.
    counts.validRows += valid.length - refused.length;
    counts.invalidRows += chunkErrors.length + refused.length;
    for (const error of [...chunkErrors, ...refused].sort((a, b) => a.row - b.row)) if (errors.length < MAX_ROW_ERRORS) errors.push(error);
    counts.unsubscribedRows += written.unsubscribed;
    counts.suppressedRows += written.suppressed;
    counts.markedUnsubscribedRows += written.markedUnsubscribed;
    counts.markedSuppressedRows += written.markedSuppressed;
    progress.skipped += written.skipped;
    progress.imported += written.inserted;
    progress.updated += written.updated;
    progress.processedRows += chunk.length;
    await save();
    if (!consent) {
      const pending = written.pendingIds.map((id, index) => ({ id, email: written.pendingEmails[index]! }));
      for (let at = 0; at < pending.length; at += MAIL_GROUP) {
        progress.confirmationsSent += await sendConfirmationEmails(prisma, publication, pending.slice(at, at + MAIL_GROUP), links);
        await save();
      }
    }
  }
  await save({ ...counts, errors, status: "done", file: null, finishedAt: new Date() });
}

/**
 * What a chunk did, in one row (rows cost more to bring back than to write): counts, and who is pending now.
 * `unsubscribed` and `suppressed` were so here already; `marked…` were added or moved so by the file's status.
 */
type Written = {
  unsubscribed: number;
  suppressed: number;
  markedUnsubscribed: number;
  markedSuppressed: number;
  skipped: number;
  inserted: number;
  updated: number;
  pendingIds: string[];
  pendingEmails: string[];
};
const NOTHING_WRITTEN: Written = { unsubscribed: 0, suppressed: 0, markedUnsubscribed: 0, markedSuppressed: 0, skipped: 0, inserted: 0, updated: 0, pendingIds: [], pendingEmails: [] };

/** A valid row and its number in the file, for a row error if the database refuses it. */
type RowToWrite = { row: number; value: ImportRow };

/**
 * Writes the rows in one statement (writeChunk). When the database refuses it
 * for something in the data (a value it cannot store, a rule it enforces that
 * the row parser missed), the statement wrote nothing, so the rows are tried
 * again in halves, down to single rows: a row refused on its own becomes a
 * row error and every other row is written. A few bad rows among 1,000 cost a
 * few dozen statements rather than 1,000, and the import goes on instead of
 * stopping halfway with its earlier chunks imported and mailed. Any other
 * error (the connection, the server) is thrown, and fails the job as before.
 */
async function writeRows(prisma: Database, publicationId: string, rows: RowToWrite[], consent: boolean, tagIds: Map<string, string>): Promise<{ written: Written; refused: RowError[] }> {
  try {
    return { written: await writeChunk(prisma, publicationId, rows.map((row) => row.value), consent, tagIds), refused: [] };
  } catch (error) {
    // A tag deleted meanwhile: its id, cached since an earlier chunk, is gone. The tags are found (or made)
    // again, as a later import would make them, and the rows written once more, not dropped one by one.
    if (isDeletedTagError(error)) {
      tagIds.clear();
      await ensureChunkTags(prisma, publicationId, rows, tagIds);
      try {
        return { written: await writeChunk(prisma, publicationId, rows.map((row) => row.value), consent, tagIds), refused: [] };
      } catch (again) {
        error = again;
      }
    }
    const reason = refusedRowReason(error);
    if (reason === null) throw error;
    if (rows.length === 1) return { written: NOTHING_WRITTEN, refused: [{ row: rows[0]!.row, reason }] };
    const half = Math.ceil(rows.length / 2);
    const first = await writeRows(prisma, publicationId, rows.slice(0, half), consent, tagIds);
    const second = await writeRows(prisma, publicationId, rows.slice(half), consent, tagIds);
    return { written: addWritten(first.written, second.written), refused: [...first.refused, ...second.refused] };
  }
}

function addWritten(a: Written, b: Written): Written {
  return {
    unsubscribed: a.unsubscribed + b.unsubscribed,
    suppressed: a.suppressed + b.suppressed,
    markedUnsubscribed: a.markedUnsubscribed + b.markedUnsubscribed,
    markedSuppressed: a.markedSuppressed + b.markedSuppressed,
    skipped: a.skipped + b.skipped,
    inserted: a.inserted + b.inserted,
    updated: a.updated + b.updated,
    pendingIds: [...a.pendingIds, ...b.pendingIds],
    pendingEmails: [...a.pendingEmails, ...b.pendingEmails],
  };
}

/** Timestamps as the columns hold them (UTC, without a zone). */
const utc = (date: Date) => date.toISOString().replace("Z", "");

/** The tags this chunk names that no earlier chunk did, found or created once (ids cached by slug for the whole import). */
async function ensureChunkTags(prisma: Database, publicationId: string, rows: RowToWrite[], tagIds: Map<string, string>) {
  const missing = [...new Set(rows.flatMap((row) => row.value.tags))].filter((name) => !tagIds.has(tagSlug(name)));
  if (missing.length > 0) for (const [slug, id] of await ensureTags(prisma, publicationId, missing)) tagIds.set(slug, id);
}

/**
 * One statement per chunk: read the rows already here, upsert the rest, and
 * link their tags. A row's status is the file's (unsubscribed, bounced,
 * complained) when it gives one, else active with consent or pending. Arrays
 * go in through unnest, so it has a fixed number of parameters whatever the
 * chunk's size. Ids of new rows are UUIDs made by the
 * database rather than Prisma's client-side cuids; both are opaque text.
 */
async function writeChunk(prisma: Database, publicationId: string, rows: ImportRow[], consent: boolean, tagIds: Map<string, string>): Promise<Written> {
  if (rows.length === 0) return NOTHING_WRITTEN;
  const now = utc(new Date());
  const status = consent ? "active" : "pending";
  const emails = rows.map((row) => row.email);
  const names = rows.map((row) => row.name);
  const created = rows.map((row) => (row.createdAt ? utc(row.createdAt) : null));
  const statuses = rows.map((row) => row.status);
  // Tag ids are cuids (no commas): one comma-joined list per row, split again in SQL.
  const tags = rows.map((row) => [...new Set(row.tags.flatMap((name) => tagIds.get(tagSlug(name)) ?? []))].join(","));
  const [written] = await prisma.$queryRaw<Written[]>`
    WITH input AS (
      SELECT r.*, lower(r."email") AS "key" FROM unnest(${emails}::text[], ${names}::text[], ${created}::text[], ${tags}::text[], ${statuses}::text[]) AS r("email", "name", "created", "tags", "status")
    ), old AS (
      SELECT lower(s."email") AS "key", s."status" FROM "Subscriber" s
      WHERE s."publicationId" = ${publicationId} AND lower(s."email") IN (SELECT "key" FROM input)
    ), written AS (
      INSERT INTO "Subscriber" ("id", "publicationId", "email", "name", "status", "source", "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, ${publicationId}, i."email", i."name", COALESCE(i."status", ${status})::"SubscriberStatus", 'import', COALESCE(i."created"::timestamp(3), ${now}::timestamp(3)), ${now}::timestamp(3)
      FROM input i
      -- An unsubscribed or suppressed address is left exactly as it is, consent or not.
      WHERE NOT EXISTS (SELECT 1 FROM old o WHERE o."key" = i."key" AND o."status" IN ('unsubscribed', 'bounced', 'complained'))
      ON CONFLICT ("publicationId", lower("email")) DO UPDATE SET
        "name" = COALESCE("Subscriber"."name", EXCLUDED."name"),
        -- The row read here is the latest, so someone who unsubscribed since "old" was read stays so: only active or
        -- pending moves to the status the file gives (it says they left), and only pending becomes active.
        "status" = CASE
          WHEN EXCLUDED."status" IN ('unsubscribed', 'bounced', 'complained') AND "Subscriber"."status" IN ('active', 'pending') THEN EXCLUDED."status"
          WHEN ${consent} AND "Subscriber"."status" = 'pending' THEN 'active'::"SubscriberStatus"
          ELSE "Subscriber"."status" END,
        "updatedAt" = EXCLUDED."updatedAt"
      RETURNING "id", lower("email") AS "key", "email", "status", (xmax = 0) AS "inserted"
    ), tagged AS (
      INSERT INTO "SubscriberTag" ("subscriberId", "tagId")
      SELECT w."id", unnest(string_to_array(i."tags", ',')) FROM written w JOIN input i ON i."key" = w."key" WHERE i."tags" <> ''
      ON CONFLICT DO NOTHING
    )
    SELECT
      count(*) FILTER (WHERE o."status" = 'unsubscribed')::int AS "unsubscribed",
      count(*) FILTER (WHERE o."status" IN ('bounced', 'complained'))::int AS "suppressed",
      count(*) FILTER (WHERE i."status" = 'unsubscribed' AND w."status" = 'unsubscribed')::int AS "markedUnsubscribed",
      count(*) FILTER (WHERE i."status" IN ('bounced', 'complained') AND w."status"::text = i."status")::int AS "markedSuppressed",
      count(*) FILTER (WHERE w."id" IS NULL)::int AS "skipped",
      count(*) FILTER (WHERE w."inserted")::int AS "inserted",
      count(*) FILTER (WHERE NOT w."inserted")::int AS "updated",
      COALESCE(array_agg(w."id") FILTER (WHERE w."status" = 'pending'), '{}') AS "pendingIds",
      COALESCE(array_agg(w."email") FILTER (WHERE w."status" = 'pending'), '{}') AS "pendingEmails"
    FROM input i LEFT JOIN old o ON o."key" = i."key" LEFT JOIN written w ON w."key" = i."key"`;
  if (!written) throw new Error("The import's chunk statement returned no row.");
  return written;
}
