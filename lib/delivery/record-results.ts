import type { Database } from "../db/client";
import type { ClaimedBatch } from "./claim-batch.ts";
import type { SendResult } from "./transport.ts";

/**
 * How long a batch that failed whole waits before it is tried again: the transport has already retried
 * it for seconds (Resend: six tries with back-off), so the trouble is longer than that.
 */
export const RETRY_WAIT_MS = 30_000;

/**
 * Writes a batch's outcome in one statement (so in one transaction): sent
 * rows with the provider's id, final failures with the reason, retryable
 * failures tried again (or failed, once they have used their attempts).
 * Only rows still held by this batch are touched.
 *
 * A batch that failed whole, and may be tried again, is tried again whole:
 * it stays `sending` under its batch key, with its lease moved `retryWaitMs`
 * ahead, and a claim takes it back as it takes back a dead worker's batch,
 * with the same rows and so the same idempotency key. Its request may have
 * reached the provider with the answer lost (a network outage); put back in
 * the queue, its rows would be regrouped with others under a new key, and
 * those the provider had would be sent again. Rows that failed alone (an
 * SMTP server's 4xx for one address; SMTP has no key) go back to the queue.
 * A worker that lost the batch (`lostBatch`: its lease ran out, or another
 * worker reclaimed it; or the transport abandoned rows for that reason)
 * writes only the rows it sent: those are facts. Every other row is left
 * `sending` as it is, to whoever holds or reclaims the batch; put back in the
 * queue, a row the new holder has just sent would be sent a third time.
 */
export async function recordResults(prisma: Database, batch: ClaimedBatch, results: SendResult[], options: { maxAttempts: number; now?: Date; retryWaitMs?: number; lostBatch?: boolean }) {
  const now = options.now ?? new Date();
  const retryUntil = new Date(now.getTime() + (options.retryWaitMs ?? RETRY_WAIT_MS));
  const resultOf = (index: number): SendResult => results[index] ?? { ok: false, error: "the transport returned no result for this message", retryable: true };
  // Over the rows the transport was given: one whose subscriber was deleted meanwhile had no message, and must
  // not make an outage's batch look answered (its other rows would be regrouped under a new key, and resent).
  const attempted = batch.deliveries.map((_, index) => resultOf(index)).filter((result) => result.ok || !(result.unattempted || result.abandoned));
  const lost = options.lostBatch === true || results.some((result) => !result.ok && result.abandoned);
  const wholeBatchRetryable = attempted.length > 0 && attempted.every((result) => !result.ok && result.retryable);
  // A batch tried again whole keeps its rows together, so its budget is the batch's: its most tried row's.
  // Rows dropped from it one by one would change its idempotency key, and the provider may hold the old one.
  const batchAttempts = Math.max(...batch.deliveries.map((delivery) => delivery.attempts));
  // One entry per row, in four parallel arrays: the row's new status, and the provider id or the reason.
  const ids: string[] = [];
  // "maybe-sent" is a final failure the provider may hold all the same: failed, still in its batch.
  const statuses: ("sent" | "failed" | "maybe-sent" | "queued" | "retry")[] = [];
  const providerIds: string[] = [];
  const errors: string[] = [];
  const counts = { sent: 0, failed: 0, retried: 0 };
  batch.deliveries.forEach((delivery, index) => {
    const result = resultOf(index);
    // Left to the worker that holds the batch now (or to the reclaim that will give it one): not ours to write.
    if (lost && !result.ok) return;
    ids.push(delivery.id);
    if (!result.ok && result.unattempted) {
      statuses.push("failed");
      providerIds.push("");
      errors.push(result.error);
      counts.failed++;
    } else if (result.ok) {
      statuses.push("sent");
      providerIds.push(result.providerMessageId);
      errors.push("");
      counts.sent++;
    } else if (wholeBatchRetryable && batchAttempts < options.maxAttempts) {
      statuses.push("retry");
      providerIds.push("");
      errors.push(result.error);
      counts.retried++;
    } else if (!wholeBatchRetryable && result.retryable && delivery.attempts < options.maxAttempts) {
      statuses.push("queued");
      providerIds.push("");
      errors.push("");
      counts.retried++;
    } else {
      // A batch that failed whole, every try, may have reached the provider with its answers lost.
      statuses.push(wholeBatchRetryable || result.maybeSent ? "maybe-sent" : "failed");
      providerIds.push("");
      errors.push(result.retryable ? `gave up after ${wholeBatchRetryable ? batchAttempts : delivery.attempts} attempts: ${result.error}` : result.error);
      counts.failed++;
    }
  });
  // One round trip, where a transaction of one statement per outcome (plus an advisory lock) took six.
  // `locked` takes the row locks in id order, the order a reclaim of the same batch takes them in
  // (lib/delivery/claim-batch.ts): a worker recording a batch whose lease ran out, while another
  // reclaims it, waits for the other instead of deadlocking with it. Whichever goes second finds the
  // rows as the first left them: a record after a reclaim still finds them `sending` under this batch
  // key and records them; a reclaim after a record finds nothing left to reclaim.
  // Each row's outcome is joined to it inside `locked`, and the UPDATE finds the locked rows by id:
  // they are this batch's `sending` rows, checked on their newest version when locked, and held
  // until the statement commits, so nothing else can have changed them. Joined outside, and with
  // those conditions repeated, the planner (which takes the batch's rows for one, from statistics
  // gathered when no row was `sending`) compared every outcome with every locked row, 100 × 100 per
  // batch, about half of the statement's time.
  // A row that failed for certain leaves its batch (batchKey NULL), as a row back in the queue does: "Retry
  // failed" regroups it under a new key. One the provider may hold keeps its batch key, and goes again
  // with it, which the provider recognises (lib/delivery/retry-failed.ts).
  await prisma.$executeRaw`
    WITH locked AS MATERIALIZED (
      SELECT d."id", r.status, r.pid, r.error
      FROM unnest(${ids}::text[], ${statuses}::text[], ${providerIds}::text[], ${errors}::text[]) AS r(id, status, pid, error)
      JOIN "Delivery" d ON d."id" = r.id
      WHERE d."batchKey" = ${batch.batchKey} AND d."status" = 'sending'
      ORDER BY d."id"
      FOR NO KEY UPDATE OF d
    )
    UPDATE "Delivery" d
    SET "status" = (CASE l.status WHEN 'retry' THEN 'sending' WHEN 'maybe-sent' THEN 'failed' ELSE l.status END)::"DeliveryStatus",
        "sentAt" = CASE WHEN l.status = 'sent' THEN ${now} ELSE d."sentAt" END,
        -- "" is a message the provider took without naming it (lib/delivery/transport.ts): no id, rather than one shared by many rows.
        "providerMessageId" = CASE WHEN l.status = 'sent' THEN NULLIF(l.pid, '') ELSE d."providerMessageId" END,
        -- A batch waiting to be tried again says why, on the send's page, until its next outcome.
        "lastError" = CASE l.status WHEN 'sent' THEN NULL WHEN 'queued' THEN d."lastError" ELSE left(l.error, 1000) END,
        -- A row back in the queue, or failed for certain, belongs to no batch: its next claim makes a new one.
        "batchKey" = CASE WHEN l.status IN ('queued', 'failed') THEN NULL ELSE d."batchKey" END,
        "leaseExpiresAt" = CASE WHEN l.status = 'retry' THEN ${retryUntil}::timestamp(3) END,
        "updatedAt" = ${now}
    FROM locked l
    WHERE d."id" = l."id"`;
  return counts;
}
