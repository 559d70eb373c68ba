import type { Database } from "../db/client";

/**
 * "Retry failed": puts only the failed rows of a partially failed send back
 * in the queue, with fresh attempts, and the issue back to sending. Rows that
 * were sent stay sent. A second call finds the issue sending and does nothing.
 */
export async function retryFailed(prisma: Database, options: { issueId: string; now?: Date }): Promise<{ requeued: number } | { requeued: 0; reason: "not-partially-failed"; status: string }> {
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const reopened = await tx.$executeRaw`
      UPDATE "Issue" SET "status" = 'sending', "updatedAt" = ${now}
      WHERE "id" = ${options.issueId} AND "status" = 'partially_failed'`;
    if (reopened === 0) {
      const issue = await tx.issue.findUnique({ where: { id: options.issueId }, select: { status: true } });
      return { requeued: 0 as const, reason: "not-partially-failed" as const, status: issue?.status ?? "deleted" };
    }
    // Only subscribers still active get another try: a bounce or unsubscribe since then is final.
    const requeued = await tx.$executeRaw`
      UPDATE "Delivery" d SET "status" = 'queued', "attempts" = 0, "batchKey" = NULL, "leaseExpiresAt" = NULL, "updatedAt" = ${now}
      FROM "Subscriber" s
      WHERE d."issueId" = ${options.issueId} AND d."status" = 'failed' AND s."id" = d."subscriberId" AND s."status" = 'active'`;
    await tx.$executeRaw`
      UPDATE "Delivery" d SET "status" = 'skipped', "updatedAt" = ${now}
      WHERE d."issueId" = ${options.issueId} AND d."status" = 'failed'`;
    return { requeued };
  }, { timeout: 300_000, maxWait: 30_000 });
}
