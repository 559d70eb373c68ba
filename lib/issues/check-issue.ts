/**
 * Checks before send. Each problem names the block and the field, so the
 * editor can jump to it. Content checks are synchronous; the size check
 * renders the email, so `checkIssueBeforeSend` is async.
 */
import { parseEachBlock, type ContentProblem } from "../blocks/parse-blocks.ts";
import type { DataPath } from "../blocks/types.ts";
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
  if (/[\r\n]/.test(issue.title)) problems.push({ blockIndex: null, path: ["title"], message: "must be a single line (it is the email's subject)" });

  // Blocks that fail their schema are reported, and the others are still checked, so one pass lists everything.
  const { valid, problems: schemaProblems } = parseEachBlock(issue.blocks);
  const everyBlockValid = schemaProblems.length === 0;
  if (everyBlockValid && valid.every(({ block }) => STRUCTURAL_TYPES.has(block.type))) {
    problems.push({ blockIndex: null, path: ["blocks"], message: "is empty: add at least one block with content" });
  }
  const blockProblems = [...schemaProblems];
  const anchors = new Map<string, number>();
  for (const { index, block } of valid) {
    const found: ContentProblem[] = getBlockDefinition(block.type).checkForSend(block.data).map((problem) => ({ blockIndex: index, blockId: block.id, blockType: block.type, ...problem }));
    for (const { id, path } of anchorIds(block.data)) {
      const first = anchors.get(id);
      if (first === undefined) anchors.set(id, index);
      else found.push({ blockIndex: index, blockId: block.id, blockType: block.type, path, message: `uses the anchor id "${id}" that block ${first + 1} already uses; links to it would be ambiguous` });
    }
    blockProblems.push(...found);
  }
  // In block order, as the editor shows them (the sort is stable).
  problems.push(...blockProblems.sort((a, b) => (a.blockIndex ?? -1) - (b.blockIndex ?? -1)));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, blocks: valid.map(({ block }) => block) };
}

/** Every `id` in a block's data (story, paper and item anchors), with where it sits. */
function anchorIds(data: unknown, path: DataPath = []): { id: string; path: DataPath }[] {
  if (Array.isArray(data)) return data.flatMap((item, index) => anchorIds(item, [...path, index]));
  if (typeof data !== "object" || data === null) return [];
  return Object.entries(data).flatMap(([key, value]) =>
    key === "id" && typeof value === "string" ? [{ id: value, path: [...path, key] }] : anchorIds(value, [...path, key]),
  );
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
