import type { Prisma } from "../db/generated/client";
import type { Database } from "../db/client";
import type { ContentBlock, IssueContent } from "./issue-content.ts";

/** The stored content, as the composer edits it. Blocks are as stored; the composer validates on save. */
export async function loadIssueContent(prisma: Database | Prisma.TransactionClient, issueId: string): Promise<(IssueContent & { version: number; updatedAt: Date }) | null> {
  const issue = await prisma.issue.findUnique({
    where: { id: issueId },
    select: {
      title: true,
      preheader: true,
      channel: true,
      version: true,
      updatedAt: true,
      topics: { select: { tagId: true } },
      blocks: { orderBy: { position: "asc" }, select: { type: true, data: true, channel: true, topics: true } },
    },
  });
  if (!issue) return null;
  // Stored blocks passed parseIssueContent when they were saved (or the seed's typed content).
  return { ...issue, topics: issue.topics.map((topic) => topic.tagId), blocks: issue.blocks as ContentBlock[] };
}
