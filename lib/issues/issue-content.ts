import { z } from "zod";
import { LIMITS, plainText } from "../blocks/fields.ts";
import { parseEachBlock, type ContentProblem } from "../blocks/parse-blocks.ts";
import type { Block } from "../blocks/registry.ts";
import { slugify } from "../blocks/ids.ts";
import { resolveMergeFieldsForWeb } from "../email/merge-fields.ts";

/** What the composer edits and saves: everything about an issue except its status and schedule. */
export type IssueContent = { title: string; preheader: string; blocks: Block[] };

const header = z.object({
  title: plainText(LIMITS.title),
  preheader: plainText(LIMITS.title),
});

/** Drafts may be incomplete (the send checks catch that), but every block must fit its schema. */
export function parseIssueContent(input: { title: unknown; preheader: unknown; blocks: unknown }): { ok: true; content: IssueContent } | { ok: false; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const parsedHeader = header.safeParse({ title: input.title, preheader: input.preheader });
  if (!parsedHeader.success) {
    for (const issue of parsedHeader.error.issues) {
      problems.push({ blockIndex: null, path: issue.path.filter((key): key is string | number => typeof key !== "symbol"), message: issue.message });
    }
  }
  const { valid, problems: blockProblems } = parseEachBlock(input.blocks);
  problems.push(...blockProblems);
  if (!parsedHeader.success || problems.length > 0) return { ok: false, problems };
  // Ids are the database's: the composer keys blocks on its own, and a save writes fresh rows.
  const blocks = valid.map(({ block }) => ({ type: block.type, data: block.data }) as Block);
  return { ok: true, content: { ...parsedHeader.data, blocks } };
}

/** A draft's slug follows its title until the issue is published; then links to it must keep working. */
export function slugForTitle(title: string, number: number): string {
  return slugify(resolveMergeFieldsForWeb(title), `issue-${number}`, 80);
}
