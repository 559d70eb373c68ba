/**
 * Checks before send. Each problem names the block and the field, so the
 * editor can jump to it. Content checks are synchronous; the size check
 * renders the email, so `checkIssueBeforeSend` is async.
 */
import { parseBlocks, type ContentProblem } from "../blocks/parse-blocks.ts";
import { getBlockDefinition, type Block } from "../blocks/registry.ts";
import type { IssueView } from "./issue-view.ts";
import { renderIssueEmail } from "./render-issue-email.ts";

/** Gmail clips messages whose HTML is larger than 102 KB and hides the rest behind a link. */
export const GMAIL_CLIP_BYTES = 102 * 1024;
/** Room for what personalisation adds: two links of up to ~500 bytes each. */
const PERSONALIZATION_ALLOWANCE = 1024;

/** Blocks that carry no content of their own: an issue of only these is empty. */
const STRUCTURAL_TYPES = new Set(["divider", "heading"]);

export type ContentCheck = { ok: true; blocks: Block[] } | { ok: false; problems: ContentProblem[] };

export function checkIssueContent(issue: { title: string; blocks: unknown }): ContentCheck {
  const problems: ContentProblem[] = [];
  if (!issue.title.trim()) problems.push({ blockIndex: null, path: ["title"], message: "needs a title (it is the email's subject)" });

  const parsed = parseBlocks(issue.blocks);
  if (!parsed.ok) return { ok: false, problems: [...problems, ...parsed.problems] };
  if (parsed.blocks.every((block) => STRUCTURAL_TYPES.has(block.type))) {
    problems.push({ blockIndex: null, path: ["blocks"], message: "is empty: add at least one block with content" });
  }
  parsed.blocks.forEach((block, blockIndex) => {
    for (const problem of getBlockDefinition(block.type).checkForSend(block.data)) {
      problems.push({ blockIndex, blockId: block.id, blockType: block.type, ...problem });
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, blocks: parsed.blocks };
}

export function checkEmailSize(htmlBytes: number): ContentProblem[] {
  const total = htmlBytes + PERSONALIZATION_ALLOWANCE;
  if (total <= GMAIL_CLIP_BYTES) return [];
  return [
    {
      blockIndex: null,
      path: [],
      message: `the email's HTML is ${(total / 1024).toFixed(1)} KB; Gmail clips messages over ${GMAIL_CLIP_BYTES / 1024} KB. Shorten the issue or move stories to the web archive.`,
    },
  ];
}

/** Everything that must hold before an issue goes out; an empty list means it may be sent. */
export async function checkIssueBeforeSend(view: Omit<IssueView, "blocks"> & { blocks: unknown }): Promise<ContentProblem[]> {
  const content = checkIssueContent({ title: view.issue.title, blocks: view.blocks });
  if (!content.ok) return content.problems;
  const rendered = await renderIssueEmail({ ...view, blocks: content.blocks });
  return checkEmailSize(rendered.htmlBytes);
}
