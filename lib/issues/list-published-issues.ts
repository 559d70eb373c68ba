import type { Database } from "../db/client";
import { issueTextForWeb, PUBLISHED_ISSUE } from "./published.ts";

/** Issues readers may see: sent (fully or partly) and published, newest first. */
export async function listPublishedIssues(prisma: Database, options: { publicationId: string; take?: number; skip?: number }) {
  const issues = await prisma.issue.findMany({
    where: { publicationId: options.publicationId, ...PUBLISHED_ISSUE },
    orderBy: { number: "desc" },
    take: options.take ?? 20,
    skip: options.skip ?? 0,
    select: { id: true, number: true, title: true, slug: true, preheader: true, publishedAt: true },
  });
  return issues.map(issueTextForWeb);
}
