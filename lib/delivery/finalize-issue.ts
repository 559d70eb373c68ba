import type { Database } from "../db/client";
import { indexIssue } from "../search/index-issue.ts";
import { enqueueIssueSent } from "../webhooks/enqueue-issue-sent.ts";

/**
 * Ends a send once no row is queued or sending: `sent` when every row was
 * delivered, `partially_failed` otherwise. The issue is published to the web
 * archive at the same moment, and enters site search in the same transaction.
 * Webhooks' `issue.sent` is queued in it too. Until then, and for a canceled send, nothing changes.
 */
export async function finalizeIssue(prisma: Database, issueId: string, now: Date = new Date()): Promise<"sent" | "partially_failed" | null> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: "sent" | "partially_failed" }[]>`
      UPDATE "Issue" i
      SET "status" = CASE WHEN EXISTS (SELECT 1 FROM "Delivery" WHERE "issueId" = i."id" AND "status" = 'failed')
                          THEN 'partially_failed'::"IssueStatus" ELSE 'sent'::"IssueStatus" END,
          "sentAt" = ${now}, "publishedAt" = COALESCE(i."publishedAt", ${now}), "updatedAt" = ${now}
      WHERE i."id" = ${issueId} AND i."status" = 'sending'
        AND NOT EXISTS (SELECT 1 FROM "Delivery" WHERE "issueId" = i."id" AND "status" IN ('queued', 'sending'))
      RETURNING i."status"::text AS status`;
    const status = rows[0]?.status ?? null;
    if (status) {
      await indexIssue(tx, issueId);
      await enqueueIssueSent(tx, issueId, now);
    }
    return status;
  });
}
