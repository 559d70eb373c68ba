import type { Database } from "../db/client";
import type { ClaimedBatch } from "./claim-batch.ts";
import type { SendResult } from "./transport.ts";

/**
 * Writes a batch's outcome in one statement (so in one transaction): sent
 * rows with the provider's id, final failures with the reason, retryable
 * failures back to the queue (or failed, once they have used their
 * attempts). Only rows still held by this batch are touched.
 */
export async function recordResults(prisma: Database, batch: ClaimedBatch, results: SendResult[], options: { maxAttempts: number; now?: Date }) {
  const now = options.now ?? new Date();
  // One entry per row, in four parallel arrays: the row's new status, and the provider id or the reason.
  const ids: string[] = [];
  const statuses: ("sent" | "failed" | "queued")[] = [];
  const providerIds: string[] = [];
  const errors: string[] = [];
  const counts = { sent: 0, failed: 0, retried: 0 };
  batch.deliveries.forEach((delivery, index) => {
    const result = results[index] ?? { ok: false, error: "the transport returned no result for this message", retryable: true };
    ids.push(delivery.id);
    if (result.ok) {
      statuses.push("sent");
      providerIds.push(result.providerMessageId);
      errors.push("");
      counts.sent++;
    } else if (result.retryable && delivery.attempts < options.maxAttempts) {
      statuses.push("queued");
      providerIds.push("");
      errors.push("");
      counts.retried++;
    } else {
      statuses.push("failed");
      providerIds.push("");
      errors.push(result.retryable ? `gave up after ${delivery.attempts} attempts: ${result.error}` : result.error);
      counts.failed++;
    }
  });
  // One round trip, where a transaction of one statement per outcome (plus an advisory lock) took six.
  // `locked` takes the row locks in id order, the order a reclaim of the same batch takes them in
  // (lib/delivery/claim-batch.ts): a worker recording a batch whose lease ran out, while another
  // reclaims it, waits for the other instead of deadlocking with it. Whichever goes second finds the
  // rows as the first left them: a record after a reclaim still finds them `sending` under this batch
  // key and records them; a reclaim after a record finds nothing left to reclaim.
  await prisma.$executeRaw`
    WITH locked AS MATERIALIZED (
      SELECT "id" FROM "Delivery"
      WHERE "id" = ANY(${ids}::text[]) AND "batchKey" = ${batch.batchKey} AND "status" = 'sending'
      ORDER BY "id"
      FOR NO KEY UPDATE
    )
    UPDATE "Delivery" d
    SET "status" = r.status::"DeliveryStatus",
        "sentAt" = CASE WHEN r.status = 'sent' THEN ${now} ELSE d."sentAt" END,
        "providerMessageId" = CASE WHEN r.status = 'sent' THEN r.pid ELSE d."providerMessageId" END,
        "lastError" = CASE r.status WHEN 'sent' THEN NULL WHEN 'failed' THEN left(r.error, 1000) ELSE d."lastError" END,
        -- A row back in the queue belongs to no batch: its next claim makes a new one.
        "batchKey" = CASE WHEN r.status = 'queued' THEN NULL ELSE d."batchKey" END,
        "leaseExpiresAt" = NULL,
        "updatedAt" = ${now}
    FROM locked
    JOIN unnest(${ids}::text[], ${statuses}::text[], ${providerIds}::text[], ${errors}::text[]) AS r(id, status, pid, error) ON r.id = locked."id"
    WHERE d."id" = locked."id" AND d."status" = 'sending' AND d."batchKey" = ${batch.batchKey}`;
  return counts;
}
