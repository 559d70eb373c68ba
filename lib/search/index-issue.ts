import { z } from "zod";
import { listStoryRecords } from "../blocks/list-stories.ts";
import { getBlockDefinition, isBlockType } from "../blocks/registry.ts";
import type { Database } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { parseRichText } from "../rich-text/parse-rich-text.ts";
import { blockDataForWeb, issueTextForWeb, PUBLISHED_ISSUE, WEB_BLOCK } from "../issues/published.ts";
import { stripHighlightMarkers } from "./highlight.ts";

/** Keys whose strings are addresses or anchors, not words a reader would search for. */
const NOT_TEXT = new Set(["id", "url", "src", "href", "videoUrl", "thumbnail"]);

/**
 * Rebuilds an issue's rows in SearchEntry from what its web page shows: one
 * row for the issue (title and preheader), one per story (linking to the
 * story's anchor), one per other block with words in it. Email-only issues and
 * blocks, and unpublished issues, get none. Called in the transaction that
 * publishes or corrects the issue, so search never shows text the page does not.
 * Returns the number of rows written.
 */
export async function indexIssue(tx: Database | Prisma.TransactionClient, issueId: string): Promise<number> {
  await tx.searchEntry.deleteMany({ where: { issueId } });
  const issue = await tx.issue.findFirst({
    where: { id: issueId, ...PUBLISHED_ISSUE },
    select: { title: true, preheader: true, blocks: { where: WEB_BLOCK, orderBy: { position: "asc" }, select: { id: true, type: true, data: true } } },
  });
  if (!issue) return 0;
  const { title, preheader } = issueTextForWeb(issue);
  const rows: Prisma.SearchEntryCreateManyInput[] = [{ issueId, blockId: null, position: 0, anchor: null, title: clean(title), body: clean(preheader) }];
  for (const block of issue.blocks) {
    const data = inReadingOrder(isBlockType(block.type) ? getBlockDefinition(block.type).schema : undefined, blockDataForWeb(block.data));
    const stories = listStoryRecords({ data });
    const entries = stories.length
      ? stories.map((story) => ({ anchor: story.id, title: story.headline, body: wordsIn(story.record, new Set(["headline", "title"])) }))
      : [{ anchor: null, title: typeof (data as { title?: unknown })?.title === "string" ? (data as { title: string }).title : "", body: wordsIn(data) }];
    for (const entry of entries) {
      if (!entry.title.trim() && !entry.body.trim()) continue;
      rows.push({ issueId, blockId: block.id, position: rows.length, anchor: entry.anchor, title: clean(entry.title), body: clean(entry.body) });
    }
  }
  await tx.searchEntry.createMany({ data: rows });
  return rows.length;
}

/**
 * Block data with each object's keys in the order its schema declares them, which puts each label
 * before the text it labels, as the page does (a roundup part: label, then body). Data read back from Postgres is not in
 * that order (jsonb keeps keys shortest first, so a part comes back as { body, label }), and wordsIn
 * reads keys in object order. Keys the schema does not know (data saved under an older schema) keep
 * their stored order after the known ones, so they stay searchable as before. Rows indexed before
 * this order was kept are rebuilt at the next start (migration 20261130082300_search_reading_order).
 */
function inReadingOrder(schema: z.ZodType | undefined, value: unknown): unknown {
  const type = unwrapped(schema);
  if (Array.isArray(value)) return value.map((item) => inReadingOrder(type instanceof z.ZodArray ? (type.element as z.ZodType) : undefined, item));
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  const shape: Record<string, z.ZodType> = type instanceof z.ZodObject ? type.shape : {};
  const keys = [...Object.keys(shape).filter((key) => Object.hasOwn(record, key)), ...Object.keys(record).filter((key) => !Object.hasOwn(shape, key))];
  return Object.fromEntries(keys.map((key) => [key, inReadingOrder(shape[key], record[key])]));
}

/** The schema under `.optional()`, `.nullable()` and `.default()`: those change what may be stored, not its shape. */
function unwrapped(schema: z.ZodType | undefined): z.ZodType | undefined {
  let type = schema;
  while (type instanceof z.ZodOptional || type instanceof z.ZodNullable || type instanceof z.ZodDefault) type = type.unwrap() as z.ZodType;
  return type;
}

/**
 * The readable words in block data: every string but addresses and ids, read as the
 * page's rich text (so "<b>" written in a story stays those characters, as on the page).
 * Read in object key order: indexIssue hands it data put in reading order (inReadingOrder).
 */
function wordsIn(value: unknown, skipHere: Set<string> = new Set()): string {
  if (typeof value === "string") return /^(https?:|mailto:)/i.test(value.trim()) ? "" : textOf(parseRichText(value));
  if (Array.isArray(value)) return value.map((item) => wordsIn(item)).filter(Boolean).join("\n");
  if (typeof value !== "object" || value === null) return "";
  return Object.entries(value)
    .filter(([key]) => !NOT_TEXT.has(key) && !skipHere.has(key))
    .map(([, item]) => wordsIn(item))
    .filter(Boolean)
    .join("\n");
}

/** The highlight markers search puts around matches must never come from the text itself. */
function clean(text: string): string {
  return stripHighlightMarkers(text).trim();
}

/** The text of a rich-text tree: link labels without their addresses, one line per paragraph. */
function textOf(node: { type: string; value?: string; children?: unknown[] }): string {
  if (node.type === "text") return node.value ?? "";
  if (node.type === "break") return "\n";
  const blockLevel = node.type === "root" || node.type === "list" || node.type === "listItem";
  return ((node.children ?? []) as { type: string }[]).map((child) => textOf(child)).join(blockLevel ? "\n" : "");
}
