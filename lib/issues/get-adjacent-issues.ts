import type { Database } from "../db/client";
import { issueTextForWeb, PUBLISHED_ISSUE } from "./published.ts";

const SUMMARY = { number: true, slug: true, title: true } as const;

/** The published issues just before and after `number`, for the issue page's navigation. */
export async function getAdjacentIssues(prisma: Database, { publicationId, number }: { publicationId: string; number: number }) {
  const [previous, next] = await Promise.all([
    prisma.issue.findFirst({ where: { publicationId, ...PUBLISHED_ISSUE, number: { lt: number } }, orderBy: { number: "desc" }, select: SUMMARY }),
    prisma.issue.findFirst({ where: { publicationId, ...PUBLISHED_ISSUE, number: { gt: number } }, orderBy: { number: "asc" }, select: SUMMARY }),
  ]);
  return { previous: previous && issueTextForWeb(previous), next: next && issueTextForWeb(next) };
}
