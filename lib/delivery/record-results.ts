import type { Database } from "../db/client";
import { BATCH_LOCK_SPACE, type ClaimedBatch } from "./claim-batch.ts";
import type { SendResult } from "./transport.ts";

/**
 * Writes a batch's outcome in one transaction: sent rows with the provider's
 * id, final failures with the reason, retryable failures back to the queue
 * (or failed, once they have used their attempts). Only rows still held by
 * this batch are touched.
 */
export async function recordResults(prisma: Database, batch: ClaimedBatch, results: SendResult[], options: { maxAttempts: number; now?: Date }) {
  const now = options.now ?? new Date();
  const sent = { ids: [] as string[], providerIds: [] as string[] };
  const failed = { ids: [] as string[], errors: [] as string[] };
  const retry: string[] = [];
  batch.deliveries.forEach((delivery, index) => {
    const result = results[index] ?? { ok: false, error: "the transport returned no result for this message", retryable: true };
    if (result.ok) {
      sent.ids.push(delivery.id);
      sent.providerIds.push(result.providerMessageId);
    } else if (result.retryable && delivery.attempts < options.maxAttempts) {
      retry.push(delivery.id);
    } else {
      failed.ids.push(delivery.id);
      failed.errors.push(result.retryable ? `gave up after ${delivery.attempts} attempts: ${result.error}` : result.error);
    }
  });
  await prisma.$transaction([
    // Serialises with a reclaim of the same batch (lib/delivery/claim-batch.ts), which would otherwise deadlock with it.
    prisma.$queryRaw`SELECT pg_advisory_xact_lock(${BATCH_LOCK_SPACE}::int, hashtext(${batch.batchKey}))::text AS locked`,
    prisma.$executeRaw`
      UPDATE "Delivery" d SET "status" = 'sent', "sentAt" = ${now}, "providerMessageId" = r.pid, "leaseExpiresAt" = NULL, "lastError" = NULL, "updatedAt" = ${now}
      FROM unnest(${sent.ids}::text[], ${sent.providerIds}::text[]) AS r(id, pid)
      WHERE d."id" = r.id AND d."status" = 'sending' AND d."batchKey" = ${batch.batchKey}`,
    prisma.$executeRaw`
      UPDATE "Delivery" d SET "status" = 'failed', "lastError" = left(r.error, 1000), "leaseExpiresAt" = NULL, "updatedAt" = ${now}
      FROM unnest(${failed.ids}::text[], ${failed.errors}::text[]) AS r(id, error)
      WHERE d."id" = r.id AND d."status" = 'sending' AND d."batchKey" = ${batch.batchKey}`,
    prisma.$executeRaw`
      UPDATE "Delivery" SET "status" = 'queued', "batchKey" = NULL, "leaseExpiresAt" = NULL, "updatedAt" = ${now}
      WHERE "id" = ANY(${retry}::text[]) AND "status" = 'sending' AND "batchKey" = ${batch.batchKey}`,
  ]);
  return { sent: sent.ids.length, failed: failed.ids.length, retried: retry.length };
}
