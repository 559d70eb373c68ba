import type { Database } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { sendConfirmationEmails } from "../../subscribers/send-confirmation-email.ts";
import { ensureTags, tagSlug } from "../../tags/ensure-tags.ts";
import { importFileOf } from "./import-jobs.ts";
import { MAX_ROW_ERRORS, type RowError } from "./preview-import.ts";
import type { ImportRow } from "./parse-row.ts";
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
 * it is empty. Unsubscribed, bounced and complained addresses are left alone,
 * even with consent: a reader's own "unsubscribe" is later and more specific
 * than a list's claim of consent, and mail to an address that bounced or
 * complained hurts every reader's delivery. Someone who unsubscribed comes
 * back through the subscribe form or their preferences link. A job started again (its worker died)
 * reads the file from the top: every step is an upsert, so nothing doubles.
 */
export async function runImport(prisma: Database, jobId: string, links: Links): Promise<void> {
  const job = await prisma.importJob.findUniqueOrThrow({ where: { id: jobId }, include: { publication: { select: { id: true, name: true, logoUrl: true, accentColor: true } } } });
  const input = importFileOf(job);
  if (!input) throw new Error("The import has no file or no column mapping.");
  const { publication, consent } = job;
  // The counts are recounted as the file is read (they match the preview's unless the list changed in between);
  // until the end only the progress is written, so the page measures it against the preview's row count.
  const counts = { totalRows: 0, validRows: 0, invalidRows: 0, duplicateRows: 0, unsubscribedRows: 0, suppressedRows: 0 };
  const progress = { processedRows: 0, imported: 0, updated: 0, skipped: 0, confirmationsSent: 0 };
  const errors: RowError[] = [];
  const tagIds = new Map<string, string>();
  // `select`: an update returns the row, and this one holds the whole file.
  const save = (data: Prisma.ImportJobUpdateInput = {}) => prisma.importJob.update({ where: { id: jobId }, data: { ...progress, ...data }, select: { id: true } });

  for await (const chunk of inChunks(scanRows(input), CHUNK)) {
    const valid: ImportRow[] = [];
    for (const row of chunk) {
      counts.totalRows += 1;
      if (row.outcome === "valid") valid.push(row.value);
      else if (row.outcome === "duplicate") counts.duplicateRows += 1;
      else {
        counts.invalidRows += 1;
        if (errors.length < MAX_ROW_ERRORS) errors.push({ row: row.row, reason: row.reason });
      }
    }
    counts.validRows += valid.length;
    await ensureChunkTags(prisma, publication.id, valid, tagIds);
    const written = await writeChunk(prisma, publication.id, valid, consent, tagIds);
    counts.unsubscribedRows += written.unsubscribed;
    counts.suppressedRows += written.suppressed;
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

/** What a chunk did, in one row (rows cost more to bring back than to write): counts, and who is pending now. */
type Written = { unsubscribed: number; suppressed: number; skipped: number; inserted: number; updated: number; pendingIds: string[]; pendingEmails: string[] };

/** Timestamps as the columns hold them (UTC, without a zone). */
const utc = (date: Date) => date.toISOString().replace("Z", "");

/** The tags this chunk names that no earlier chunk did, found or created once (ids cached by slug for the whole import). */
async function ensureChunkTags(prisma: Database, publicationId: string, rows: ImportRow[], tagIds: Map<string, string>) {
  const missing = [...new Set(rows.flatMap((row) => row.tags))].filter((name) => !tagIds.has(tagSlug(name)));
  if (missing.length > 0) for (const [slug, id] of await ensureTags(prisma, publicationId, missing)) tagIds.set(slug, id);
}

/**
 * One statement per chunk: read the rows already here, upsert the rest, and
 * link their tags. Arrays go in through unnest, so it has a fixed number of
 * parameters whatever the chunk's size. Ids of new rows are UUIDs made by the
 * database rather than Prisma's client-side cuids; both are opaque text.
 */
async function writeChunk(prisma: Database, publicationId: string, rows: ImportRow[], consent: boolean, tagIds: Map<string, string>): Promise<Written> {
  if (rows.length === 0) return { unsubscribed: 0, suppressed: 0, skipped: 0, inserted: 0, updated: 0, pendingIds: [], pendingEmails: [] };
  const now = utc(new Date());
  const status = consent ? "active" : "pending";
  const emails = rows.map((row) => row.email);
  const names = rows.map((row) => row.name);
  const created = rows.map((row) => (row.createdAt ? utc(row.createdAt) : null));
  // Tag ids are cuids (no commas): one comma-joined list per row, split again in SQL.
  const tags = rows.map((row) => [...new Set(row.tags.flatMap((name) => tagIds.get(tagSlug(name)) ?? []))].join(","));
  const [written] = await prisma.$queryRaw<Written[]>`
    WITH input AS (
      SELECT r.*, lower(r."email") AS "key" FROM unnest(${emails}::text[], ${names}::text[], ${created}::text[], ${tags}::text[]) AS r("email", "name", "created", "tags")
    ), old AS (
      SELECT lower(s."email") AS "key", s."status" FROM "Subscriber" s
      WHERE s."publicationId" = ${publicationId} AND lower(s."email") IN (SELECT "key" FROM input)
    ), written AS (
      INSERT INTO "Subscriber" ("id", "publicationId", "email", "name", "status", "source", "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, ${publicationId}, i."email", i."name", ${status}::"SubscriberStatus", 'import', COALESCE(i."created"::timestamp(3), ${now}::timestamp(3)), ${now}::timestamp(3)
      FROM input i
      -- An unsubscribed or suppressed address is left exactly as it is, consent or not.
      WHERE NOT EXISTS (SELECT 1 FROM old o WHERE o."key" = i."key" AND o."status" IN ('unsubscribed', 'bounced', 'complained'))
      ON CONFLICT ("publicationId", lower("email")) DO UPDATE SET
        "name" = COALESCE("Subscriber"."name", EXCLUDED."name"),
        -- Only pending becomes active: the row read here is the latest, so someone who unsubscribed since "old" was read stays so.
        "status" = CASE WHEN ${consent} AND "Subscriber"."status" = 'pending' THEN 'active'::"SubscriberStatus" ELSE "Subscriber"."status" END,
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
      count(*) FILTER (WHERE w."id" IS NULL)::int AS "skipped",
      count(*) FILTER (WHERE w."inserted")::int AS "inserted",
      count(*) FILTER (WHERE NOT w."inserted")::int AS "updated",
      COALESCE(array_agg(w."id") FILTER (WHERE w."status" = 'pending'), '{}') AS "pendingIds",
      COALESCE(array_agg(w."email") FILTER (WHERE w."status" = 'pending'), '{}') AS "pendingEmails"
    FROM input i LEFT JOIN old o ON o."key" = i."key" LEFT JOIN written w ON w."key" = i."key"`;
  if (!written) throw new Error("The import's chunk statement returned no row.");
  return written;
}
