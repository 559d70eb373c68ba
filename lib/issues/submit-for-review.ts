import type { Database } from "../db/client";
import { authorize, type Actor } from "../auth/permissions.ts";

/** An author hands a draft to the editors; the issues list marks it. */
export async function submitForReview(prisma: Database, actor: Actor, { issueId, now = new Date() }: { issueId: string; now?: Date }): Promise<boolean> {
  authorize(actor, "issue.submitForReview");
  const { count } = await prisma.issue.updateMany({ where: { id: issueId, status: "draft" }, data: { submittedForReviewAt: now } });
  return count === 1;
}
