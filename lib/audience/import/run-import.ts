import type { Database } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { sendConfirmationEmails } from "../../subscribers/send-confirmation-email.ts";
import { ensureTags, tagSlug } from "../../tags/ensure-tags.ts";
import { existingSubscribers } from "./existing-subscribers.ts";
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
 */
export async function runQueuedImport(prisma: Database, links: Links, now = new Date()): Promise<boolean> {
  const stale = new Date(now.getTime() - IMPORT_STALE_MS);
  const [claimed] = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE "ImportJob" SET "status" = 'running', "startedAt" = ${now}, "updatedAt" = ${now}
    WHERE "id" = (
      SELECT "id" FROM "ImportJob" WHERE "status" = 'queued' OR ("status" = 'running' AND "updatedAt" < ${stale})
      ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING "id"`;
  if (!claimed) return false;
  try {
    await runImport(prisma, claimed.id, links);
  } catch (error) {
    const failure = error instanceof Error ? error.message : String(error);
    console.error(`Import ${claimed.id} failed: ${failure}`);
    // The file goes with the failure: it holds personal data, and the editor uploads it again to retry.
    await prisma.importJob.update({ where: { id: claimed.id }, data: { status: "failed", failure: failure.slice(0, 500), file: null, finishedAt: new Date() } });
  }
  return true;
}

/**
 * The import itself, in chunks of 1,000 rows: each chunk is one query for the
 * addresses already here, one multi-row INSERT … ON CONFLICT for the rest,
 * one for their tags, and the confirmation emails. New rows are active with
 * consent, otherwise pending with a confirmation email (one per address per
 * 10 minutes, as for the form). Existing subscribers keep their name unless
 * it is empty. Unsubscribed, bounced and complained addresses are left alone
 * unless the editor has their consent. A job started again (its worker died)
 * reads the file from the top: every step is an upsert, so nothing doubles.
 */
export async function runImport(prisma: Database, jobId: string, links: Links): Promise<void> {
  const job = await prisma.importJob.findUniqueOrThrow({ where: { id: jobId }, include: { publication: { select: { id: true, name: true } } } });
  const input = importFileOf(job);
  if (!input) throw new Error("The import has no file or no column mapping.");
  const { publication, consent } = job;
  // The counts are recounted as the file is read (they match the preview's unless the list changed in between);
  // until the end only the progress is written, so the page measures it against the preview's row count.
  const counts = { totalRows: 0, validRows: 0, invalidRows: 0, duplicateRows: 0, unsubscribedRows: 0, suppressedRows: 0 };
  const progress = { processedRows: 0, imported: 0, updated: 0, skipped: 0, confirmationsSent: 0 };
  const errors: RowError[] = [];
  const tagIds = new Map<string, string>();
  const save = (data: Prisma.ImportJobUpdateInput = {}) => prisma.importJob.update({ where: { id: jobId }, data: { ...progress, ...data } });

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
    const existing = await existingSubscribers(prisma, publication.id, valid.map((row) => row.key));
    const toWrite = valid.filter((row) => {
      const status = existing.get(row.key)?.status;
      if (status === "unsubscribed") counts.unsubscribedRows += 1;
      if (status === "bounced" || status === "complained") counts.suppressedRows += 1;
      const leftAlone = (status === "unsubscribed" || status === "bounced" || status === "complained") && !consent;
      if (leftAlone) progress.skipped += 1;
      return !leftAlone;
    });
    const written = await upsertSubscribers(prisma, publication.id, toWrite, consent);
    for (const row of written) progress[row.inserted ? "imported" : "updated"] += 1;
    await tagSubscribers(prisma, publication.id, toWrite, written, tagIds);
    progress.processedRows += chunk.length;
    await save();
    if (!consent) {
      const pending = written.filter((row) => row.status === "pending");
      for (let at = 0; at < pending.length; at += MAIL_GROUP) {
        progress.confirmationsSent += await sendConfirmationEmails(prisma, publication, pending.slice(at, at + MAIL_GROUP), links);
        await save();
      }
    }
  }
  await save({ ...counts, errors, status: "done", file: null, finishedAt: new Date() });
}

type Written = { id: string; key: string; email: string; status: string; inserted: boolean };

/** Timestamps as the columns hold them (UTC, without a zone). */
const utc = (date: Date) => date.toISOString().replace("Z", "");

async function upsertSubscribers(prisma: Database, publicationId: string, rows: ImportRow[], consent: boolean): Promise<Written[]> {
  if (rows.length === 0) return [];
  const now = utc(new Date());
  const status = consent ? "active" : "pending";
  // Arrays through unnest: one statement with three parameters, whatever the chunk's size.
  // Ids are UUIDs from the database rather than Prisma's client-side cuids; both are opaque text.
  return prisma.$queryRaw<Written[]>`
    INSERT INTO "Subscriber" ("id", "publicationId", "email", "name", "status", "source", "createdAt", "updatedAt")
    SELECT gen_random_uuid()::text, ${publicationId}, r."email", r."name", ${status}::"SubscriberStatus", 'import', COALESCE(r."created"::timestamp(3), ${now}::timestamp(3)), ${now}::timestamp(3)
    FROM unnest(${rows.map((row) => row.email)}::text[], ${rows.map((row) => row.name)}::text[], ${rows.map((row) => (row.createdAt ? utc(row.createdAt) : null))}::text[]) AS r("email", "name", "created")
    ON CONFLICT ("publicationId", lower("email")) DO UPDATE SET
      "name" = COALESCE("Subscriber"."name", EXCLUDED."name"),
      "status" = CASE WHEN ${consent} THEN 'active'::"SubscriberStatus" ELSE "Subscriber"."status" END,
      "updatedAt" = EXCLUDED."updatedAt"
    RETURNING "id", lower("email") AS "key", "email", "status"::text AS "status", (xmax = 0) AS "inserted"`;
}

async function tagSubscribers(prisma: Database, publicationId: string, rows: ImportRow[], written: Written[], tagIds: Map<string, string>) {
  const missing = [...new Set(rows.flatMap((row) => row.tags))].filter((name) => !tagIds.has(tagSlug(name)));
  if (missing.length > 0) for (const [slug, id] of await ensureTags(prisma, publicationId, missing)) tagIds.set(slug, id);
  const idByKey = new Map(written.map((row) => [row.key, row.id]));
  const pairs = rows.flatMap((row) => {
    const subscriberId = idByKey.get(row.key);
    return subscriberId ? row.tags.flatMap((name) => (tagIds.has(tagSlug(name)) ? [[subscriberId, tagIds.get(tagSlug(name))!] as const] : [])) : [];
  });
  if (pairs.length === 0) return;
  await prisma.$executeRaw`
    INSERT INTO "SubscriberTag" ("subscriberId", "tagId")
    SELECT * FROM unnest(${pairs.map((pair) => pair[0])}::text[], ${pairs.map((pair) => pair[1])}::text[])
    ON CONFLICT DO NOTHING`;
}
