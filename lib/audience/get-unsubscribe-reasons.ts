import type { Database } from "../db/client";
import { UNSUBSCRIBE_REASONS, type UnsubscribeReasonKey } from "../subscribers/record-unsubscribe-reason.ts";

export const LATEST_COMMENTS = 10;

/**
 * What readers answered, since `since`, to the unsubscribe page's "Would you tell us why?": how many
 * chose each answer (every answer listed, in the page's order), and the latest notes in their words.
 */
export async function getUnsubscribeReasons(prisma: Database, options: { publicationId: string; since: Date }) {
  const where = { publicationId: options.publicationId, answeredAt: { gte: options.since } };
  const [groups, comments] = await Promise.all([
    prisma.unsubscribeReason.groupBy({ by: ["reason"], where, _count: { _all: true } }),
    prisma.unsubscribeReason.findMany({
      where: { ...where, comment: { not: "" } },
      orderBy: { answeredAt: "desc" },
      take: LATEST_COMMENTS,
      select: { reason: true, comment: true, answeredAt: true },
    }),
  ]);
  const counts = (Object.keys(UNSUBSCRIBE_REASONS) as UnsubscribeReasonKey[]).map((reason) => ({
    reason,
    label: UNSUBSCRIBE_REASONS[reason],
    count: groups.find((group) => group.reason === reason)?._count._all ?? 0,
  }));
  return {
    counts,
    answered: counts.reduce((sum, row) => sum + row.count, 0),
    comments: comments.map((row) => ({ ...row, label: UNSUBSCRIBE_REASONS[row.reason as UnsubscribeReasonKey] ?? row.reason })),
  };
}
