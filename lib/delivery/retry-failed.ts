import type { Database } from "../db/client";

export type RetryFailedResult =
  | {
      /** Failed rows given another try. */
      requeued: number;
      /** Of those, the rows the provider may already hold, which go again in their own batches, under their own keys. */
      maybeSent: number;
    }
  | { requeued: 0; reason: "not-partially-failed"; status: string };

/**
 * "Retry failed": gives the failed rows of a partially failed send another try, with fresh attempts, and
 * puts the issue back to sending. Rows that were sent stay sent. A second call finds the issue sending and
 * does nothing.
 *
 * A row that failed for certain (the provider refused it, or never took it) has no batch any more, and
 * goes back to the queue, to be grouped with others under a new key. A row that kept its batch key is one
 * the provider may hold: its batch failed whole with every answer lost, or its worker stopped before the
 * outcome was written (lib/delivery/record-results.ts, claim-batch.ts). Regrouped, it would go out under a
 * key the provider has never seen, and reach its reader a second time. So its batch goes again whole,
 * under its own key, as a lease that has just run out, which the next claim takes back (claimBatch's
 * reclaim). Resend then answers a batch it already sent with its first answer, or, when a reader left
 * meanwhile and the batch is a row short, refuses it as a changed repeat, which the transport records as
 * sent. Resend forgets a key after 24 hours: a retry later than that may deliver some of these twice.
 */
export async function retryFailed(prisma: Database, options: { issueId: string; now?: Date }): Promise<RetryFailedResult> {
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const reopened = await tx.$executeRaw`
      UPDATE "Issue" SET "status" = 'sending', "updatedAt" = ${now}
      WHERE "id" = ${options.issueId} AND "status" = 'partially_failed'`;
    if (reopened === 0) {
      const issue = await tx.issue.findUnique({ where: { id: options.issueId }, select: { status: true } });
      return { requeued: 0 as const, reason: "not-partially-failed" as const, status: issue?.status ?? "deleted" };
    }
    // Only readers still subscribed get another try: a bounce, unsubscribe or erasure since then is final.
    // Without a batch: back to the queue. With one: its lease already run out, for the next claim to reclaim.
    const [tried] = await tx.$queryRaw<{ requeued: bigint; maybeSent: bigint }[]>`
      WITH retried AS (
        UPDATE "Delivery" d
        SET "status" = (CASE WHEN d."batchKey" IS NULL THEN 'queued' ELSE 'sending' END)::"DeliveryStatus",
            "attempts" = 0,
            "leaseExpiresAt" = CASE WHEN d."batchKey" IS NULL THEN NULL ELSE ${now}::timestamp(3) END,
            "updatedAt" = ${now}
        FROM "Subscriber" s
        WHERE d."issueId" = ${options.issueId} AND d."status" = 'failed'
          AND s."id" = d."subscriberId" AND s."status" = 'active' AND s."source" <> 'erased'
        RETURNING d."batchKey" IS NOT NULL AS "inBatch"
      )
      SELECT count(*) AS "requeued", count(*) FILTER (WHERE "inBatch") AS "maybeSent" FROM retried`;
    await tx.$executeRaw`
      UPDATE "Delivery" d SET "status" = 'skipped', "updatedAt" = ${now}
      WHERE d."issueId" = ${options.issueId} AND d."status" = 'failed'`;
    return { requeued: Number(tried?.requeued ?? 0), maybeSent: Number(tried?.maybeSent ?? 0) };
  }, { timeout: 300_000, maxWait: 30_000 });
}
