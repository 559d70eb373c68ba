import { parseEachBlock, describeProblem } from "../blocks/parse-blocks.ts";
import type { Database } from "../db/client";
import { blocksForWeb, issueTextForWeb, PUBLISHED_ISSUE, WEB_BLOCK } from "./published.ts";

/**
 * A published issue by number, with its blocks validated, or null when there is
 * none (drafts and scheduled issues are never public). A stored block that no
 * longer passes its schema (one saved before a rule was tightened, or written
 * around the app) is an error of ours, not the reader's: it is left out and
 * logged by name, and the rest of the issue is served, rather than a 500 for
 * the whole page. Only blocks that pass are ever rendered.
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
  const { valid, problems } = parseEachBlock(issue.blocks);
  if (problems.length > 0) {
    console.error(`Issue #${issue.number}: left out of the web page, blocks that fail their schema:\n${problems.map(describeProblem).join("\n")}`);
  }
  return issueTextForWeb({
    ...issue,
    topics: issue.topics.map((topic) => topic.tag),
    blocks: blocksForWeb(valid.map((entry) => entry.block)),
  });
}
