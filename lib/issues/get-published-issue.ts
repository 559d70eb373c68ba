import { parseBlocks, describeProblem } from "../blocks/parse-blocks.ts";
import type { Database } from "../db/client";
import { blocksForWeb, issueTextForWeb, PUBLISHED_ISSUE, WEB_BLOCK } from "./published.ts";

/**
 * A published issue by number, with its blocks validated, or null when there is
 * none (drafts and scheduled issues are never public). Blocks that no longer
 * pass their schema are an error of ours, not the reader's: it throws, naming them.
 */
export async function getPublishedIssue(prisma: Database, options: { publicationId: string; number: number }) {
  const issue = await prisma.issue.findFirst({
    where: {
      publicationId: options.publicationId,
      number: options.number,
      ...PUBLISHED_ISSUE,
    },
    include: {
      blocks: { where: WEB_BLOCK, orderBy: { position: "asc" }, select: { id: true, type: true, data: true } },
      topics: { where: { tag: { isPublic: true } }, orderBy: { tag: { name: "asc" } }, select: { tag: { select: { name: true, slug: true } } } },
      corrections: { orderBy: { createdAt: "asc" }, select: { id: true, note: true, createdAt: true } },
    },
  });
  if (!issue) return null;
  const parsed = parseBlocks(issue.blocks);
  if (!parsed.ok) {
    throw new Error(`Issue #${issue.number} has invalid blocks:\n${parsed.problems.map(describeProblem).join("\n")}`);
  }
  return issueTextForWeb({
    ...issue,
    topics: issue.topics.map((topic) => topic.tag),
    blocks: blocksForWeb(parsed.blocks),
  });
}
