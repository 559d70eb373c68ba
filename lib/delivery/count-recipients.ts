import type { Database } from "../db/client";
import type { Channel } from "../db/generated/enums";
import { segmentCondition, type Segment } from "../tags/segment.ts";

/**
 * Who a send of this issue started now would reach: the same condition as
 * the snapshot in startSend (active subscribers in the issue's segment), and
 * nobody for a web-only issue.
 */
export async function countRecipients(prisma: Database, issue: Segment & { channel?: Channel }): Promise<number> {
  if (issue.channel === "web_only") return 0;
  const [row] = await prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM "Subscriber" s WHERE ${segmentCondition(issue)}`;
  return Number(row?.count ?? 0);
}

/**
 * The same for a stored issue, by id (the Send tab's count); 0 when it is gone. Once its send has started,
 * its audience is the snapshot the send took, its ledger rows: not who a send started today would reach.
 */
export async function countIssueRecipients(prisma: Database, issueId: string): Promise<number> {
  const issue = await prisma.issue.findUnique({ where: { id: issueId }, select: { publicationId: true, audienceTagIds: true, audienceMatch: true, channel: true, status: true } });
  if (!issue) return 0;
  if (issue.status === "draft" || issue.status === "scheduled") return countRecipients(prisma, issue);
  return prisma.delivery.count({ where: { issueId } });
}
