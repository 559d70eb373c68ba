import type { Database } from "../db/client";
import { PUBLISHED_ISSUE } from "../issues/published.ts";
import { indexIssue } from "./index-issue.ts";

/**
 * Indexes every published issue that has no search rows: those published
 * before search existed (its migration adds an empty table). Run by the
 * launcher at each start; once they are indexed it finds none, in one query.
 */
export async function indexUnindexedIssues(prisma: Database): Promise<number> {
  const missing = await prisma.issue.findMany({ where: { ...PUBLISHED_ISSUE, searchEntries: { none: {} } }, select: { id: true } });
  for (const { id } of missing) await prisma.$transaction((tx) => indexIssue(tx, id));
  return missing.length;
}
