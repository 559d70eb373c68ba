import { z } from "zod";
import { LIMITS, plainText } from "../blocks/fields.ts";
import { parseEachBlock, type ContentProblem } from "../blocks/parse-blocks.ts";
import type { Block } from "../blocks/registry.ts";
import { slugify } from "../blocks/ids.ts";
import { resolveMergeFieldsForWeb } from "../email/merge-fields.ts";
import { isChannel, type Channel } from "./channel.ts";
import { checkContentSize } from "./check-content-size.ts";

/** A block with where it appears and the topics (tag ids) its stories are about. */
export type ContentBlock = Block & { channel?: Channel; topics?: string[] };

/**
 * What the composer edits and saves: everything about an issue except its
 * status, schedule and audience. `channel` and `topics` (the issue's topic tag
 * ids) left out mean "leave them as they are".
 */
export type IssueContent = { title: string; preheader: string; channel?: Channel; topics?: string[]; blocks: ContentBlock[] };

/** More topics than this on one issue or block is a mistake, not a taxonomy. */
export const MAX_TOPICS = 10;

const header = z.object({
  title: plainText(LIMITS.title),
  preheader: plainText(LIMITS.title),
});

/** Drafts may be incomplete (the send checks catch that), but every block must fit its schema. */
export function parseIssueContent(input: { title: unknown; preheader: unknown; channel?: unknown; topics?: unknown; blocks: unknown }): { ok: true; content: IssueContent } | { ok: false; problems: ContentProblem[] } {
  // Before anything else: a save of several MB is refused for its size, not checked field by field.
  const tooLarge = checkContentSize(JSON.stringify({ title: input.title, preheader: input.preheader, channel: input.channel, topics: input.topics, blocks: input.blocks }));
  if (tooLarge) return { ok: false, problems: [tooLarge] };
  const problems: ContentProblem[] = [];
  // Absent means "as stored": a revision holds blocks, not the issue's channel and topics, so a restore keeps them.
  const channel = input.channel ?? undefined;
  if (channel !== undefined && !isChannel(channel)) problems.push({ blockIndex: null, path: ["channel"], message: "must be everywhere, web_only or email_only" });
  const topics = input.topics === undefined ? undefined : parseTopics(input.topics);
  if (topics === null) problems.push({ blockIndex: null, path: ["topics"], message: `must be a list of at most ${MAX_TOPICS} topic ids` });
  const parsedHeader = header.safeParse({ title: input.title, preheader: input.preheader });
  if (!parsedHeader.success) {
    for (const issue of parsedHeader.error.issues) {
      problems.push({ blockIndex: null, path: issue.path.filter((key): key is string | number => typeof key !== "symbol"), message: issue.message });
    }
  }
  const { valid, problems: blockProblems } = parseEachBlock(input.blocks);
  problems.push(...blockProblems);
  // Ids are the database's: the composer keys blocks on its own, and a save writes fresh rows.
  const rawBlocks = Array.isArray(input.blocks) ? (input.blocks as unknown[]) : [];
  const blocks: ContentBlock[] = [];
  for (const { index, block } of valid) {
    const raw = rawBlocks[index] as { channel?: unknown; topics?: unknown };
    const blockChannel = raw.channel ?? "everywhere";
    const blockTopics = parseTopics(raw.topics);
    if (!isChannel(blockChannel)) problems.push({ blockIndex: index, path: ["channel"], message: "must be everywhere, web_only or email_only" });
    if (!blockTopics) problems.push({ blockIndex: index, path: ["topics"], message: `must be a list of at most ${MAX_TOPICS} topic ids` });
    if (isChannel(blockChannel) && blockTopics) blocks.push({ type: block.type, data: block.data, channel: blockChannel, topics: blockTopics } as ContentBlock);
  }
  if (!parsedHeader.success || problems.length > 0 || (channel !== undefined && !isChannel(channel)) || topics === null) return { ok: false, problems };
  return { ok: true, content: { ...parsedHeader.data, ...(channel !== undefined ? { channel } : {}), ...(topics !== undefined ? { topics } : {}), blocks } };
}

function parseTopics(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_TOPICS || !value.every((id) => typeof id === "string" && id.length > 0 && id.length <= 40)) return null;
  return [...new Set(value as string[])];
}

/** A draft's slug follows its title until the issue is published; then links to it must keep working. */
export function slugForTitle(title: string, number: number): string {
  return slugify(resolveMergeFieldsForWeb(title), `issue-${number}`, 80);
}
