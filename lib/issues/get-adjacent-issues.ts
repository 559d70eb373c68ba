import type { Database } from "../db/client";

const PUBLIC = { status: { in: ["sent" as const, "partially_failed" as const] }, publishedAt: { not: null } };
const SUMMARY = { number: true, slug: true, title: true } as const;

/** The published issues just before and after `number`, for the issue page's navigation. */
export async function getAdjacentIssues(prisma: Database, { publicationId, number }: { publicationId: string; number: number }) {
  const [previous, next] = await Promise.all([
    prisma.issue.findFirst({ where: { publicationId, ...PUBLIC, number: { lt: number } }, orderBy: { number: "desc" }, select: SUMMARY }),
    prisma.issue.findFirst({ where: { publicationId, ...PUBLIC, number: { gt: number } }, orderBy: { number: "asc" }, select: SUMMARY }),
  ]);
  return { previous, next };
}
