import type { Prisma } from "../db/generated/client";
import type { IssueStatus } from "../db/generated/enums";
import type { Database } from "../db/client";
import { clampPage } from "../web/clamp-page.ts";
import { likeLiteral } from "../db/like-literal.ts";

export const ISSUE_TABS = {
  drafts: ["draft"],
  scheduled: ["scheduled", "sending"],
  sent: ["sent", "partially_failed", "canceled"],
} as const satisfies Record<string, readonly IssueStatus[]>;
export type IssueTab = keyof typeof ISSUE_TABS;

export const ISSUES_PER_PAGE = 20;
/** Deeper pages are clamped to this (lib/web/clamp-page.ts): 200,000 issues. */
export const ISSUES_PAGE_MAX = 10_000;

/** The editor's issues list: one tab, optionally searched by title, newest first. */
export async function listEditorIssues(prisma: Database, options: { publicationId: string; tab: IssueTab; query?: string; page?: number }) {
  const page = clampPage(options.page, ISSUES_PAGE_MAX);
  const where: Prisma.IssueWhereInput = {
    publicationId: options.publicationId,
    status: { in: [...ISSUE_TABS[options.tab]] },
    ...(options.query?.trim() ? { title: { contains: likeLiteral(options.query.trim()), mode: "insensitive" } } : {}),
  };
  const [issues, total, counts] = await Promise.all([
    prisma.issue.findMany({
      where,
      orderBy: { number: "desc" },
      skip: (page - 1) * ISSUES_PER_PAGE,
      take: ISSUES_PER_PAGE,
      select: {
        id: true,
        number: true,
        title: true,
        status: true,
        scheduledAt: true,
        sentAt: true,
        updatedAt: true,
        submittedForReviewAt: true,
        // Sent issues' rates, from counts kept as events arrive (IssueEngagement), not from the events.
        engagement: { select: { delivered: true, opened: true, clicked: true } },
      },
    }),
    prisma.issue.count({ where }),
    prisma.issue.groupBy({ by: ["status"], where: { publicationId: options.publicationId }, _count: { _all: true } }),
  ]);
  const tabCounts = Object.fromEntries(
    Object.entries(ISSUE_TABS).map(([tab, statuses]) => [tab, counts.filter((c) => (statuses as readonly string[]).includes(c.status)).reduce((sum, c) => sum + c._count._all, 0)]),
  ) as Record<IssueTab, number>;
  return { issues, total, page, pages: Math.max(1, Math.ceil(total / ISSUES_PER_PAGE)), tabCounts };
}
