import { fromMarkdown } from "mdast-util-from-markdown";
import { toString } from "mdast-util-to-string";
import { parseBlocks, type ContentProblem } from "../blocks/parse-blocks.ts";
import { getBlockDefinition, isBlockType } from "../blocks/registry.ts";
import { MarkdownImportError } from "../blocks/types.ts";
import { uniqueIds } from "../blocks/ids.ts";
import { checkMarkup } from "../rich-text/check-markup.ts";
import { richTextToMarkdown } from "../rich-text/rich-text-to-markdown.ts";
import { BLOCK_MARKER, PREHEADER_MARKER, type IssueMarkdown } from "./export-issue-markdown.ts";

export type ImportResult = { ok: true; issue: IssueMarkdown } | { ok: false; problems: ContentProblem[] };

/**
 * The longest Markdown an import reads (the HTTP API's limit too). An issue
 * exports to tens of kB (the demo's largest to 4 kB; Gmail clips an email
 * whose HTML passes 102 kB, and the Markdown is smaller than the HTML), and
 * the import reads its text several times over (the blocks, then each field
 * as it normalises it, then the checks).
 */
export const MAX_IMPORT_MARKDOWN = 100_000;
const BLOCK_WEIGHT_CHARS = 3;

/**
 * Reads `exportIssueMarkdown`'s format back into blocks. Markdown written
 * elsewhere (no block markers) becomes one text block: nothing is dropped.
 * Markdown over MAX_IMPORT_MARKDOWN, or that micromark would read slowly
 * (lib/rich-text/check-markup.ts), is refused with the reason before it is read.
 */
export function importIssueMarkdown(markdown: string): ImportResult {
  if (markdown.length > MAX_IMPORT_MARKDOWN) {
    return refused(`The Markdown is ${markdown.length.toLocaleString("en")} characters; an import reads at most ${MAX_IMPORT_MARKDOWN.toLocaleString("en")}. Import a shorter issue, or split it.`);
  }
  // The whole file first (its title line is parsed on its own), at one unit of weight a character: the
  // export puts each block's marker, heading and labels on short lines of their own (fifty empty quote
  // blocks weigh 0.7 a character). Then each block's Markdown at BLOCK_WEIGHT_CHARS (its stories'
  // headings, bylines and images weigh up to a fifth of a unit a character), and the text before the
  // first block, which becomes one rich-text field, as a field is (lib/blocks/fields.ts).
  const slow = checkMarkup(markdown, { weightChars: 1 });
  if (slow) return refused(`The Markdown ${slow.message}.`);
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const chunks: { type: string; line: number; body: string[] }[] = [];
  const head: string[] = [];
  lines.forEach((line, index) => {
    const marker = BLOCK_MARKER.exec(line.trim());
    if (marker) chunks.push({ type: marker[1]!, line: index + 1, body: [] });
    else (chunks.at(-1)?.body ?? head).push(line);
  });

  const { title, preheader, rest } = readHead(head.join("\n"));
  const raw: { type: string; data: unknown }[] = [];
  const problems: ContentProblem[] = [];
  const slowRest = checkMarkup(rest);
  if (slowRest) {
    problems.push({ blockIndex: 0, blockType: "text", path: [], message: `the text before the first block ${slowRest.message}` });
    raw.push({ type: "text", data: undefined });
  } else if (rest.trim()) raw.push({ type: "text", data: { text: richTextToMarkdown(rest) } });
  for (const chunk of chunks) {
    const blockIndex = raw.length;
    if (!isBlockType(chunk.type)) {
      problems.push({ blockIndex, blockType: chunk.type, path: [], message: `line ${chunk.line}: unknown block type "${chunk.type}"` });
      raw.push({ type: chunk.type, data: undefined });
      continue;
    }
    const body = chunk.body.join("\n").trim();
    const slowBody = checkMarkup(body, { weightChars: BLOCK_WEIGHT_CHARS });
    if (slowBody) {
      problems.push({ blockIndex, blockType: chunk.type, path: [], message: `line ${chunk.line}: the block ${slowBody.message}` });
      raw.push({ type: chunk.type, data: undefined });
      continue;
    }
    try {
      raw.push({ type: chunk.type, data: getBlockDefinition(chunk.type).fromMarkdown(body) });
    } catch (error) {
      if (!(error instanceof MarkdownImportError)) throw error;
      problems.push({ blockIndex, blockType: chunk.type, path: [], message: `line ${chunk.line}: ${error.message}` });
      raw.push({ type: chunk.type, data: undefined });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const parsed = parseBlocks(dedupeAnchors(raw));
  if (!parsed.ok) return parsed;
  return { ok: true, issue: { title, preheader, blocks: parsed.blocks } };
}

function refused(message: string): ImportResult {
  return { ok: false, problems: [{ blockIndex: null, path: [], message }] };
}

function readHead(source: string): { title: string; preheader: string; rest: string } {
  let rest = source.trim();
  let title = "";
  let preheader = "";
  // "#" alone is a draft's empty title.
  const heading = /^#(?: .*)?$/m.exec(rest);
  if (heading && heading.index === 0) {
    title = toString(fromMarkdown(heading[0]));
    rest = rest.slice(heading[0].length).trim();
  }
  const firstLine = rest.split("\n", 1)[0] ?? "";
  const marker = PREHEADER_MARKER.exec(firstLine.trim());
  if (marker) {
    preheader = String(JSON.parse(marker[1]!));
    rest = rest.slice(firstLine.length).trim();
  }
  return { title, preheader, rest };
}

/** Anchor ids come from headlines; two stories with one headline in different blocks still get distinct anchors. */
function dedupeAnchors(raw: { type: string; data: unknown }[]): { type: string; data: unknown }[] {
  const taken = new Set<string>();
  return raw.map((block) => ({ type: block.type, data: renameIds(block.data, taken) }));
}

function renameIds(data: unknown, taken: Set<string>): unknown {
  if (Array.isArray(data)) return data.map((item) => renameIds(item, taken));
  if (typeof data !== "object" || data === null) return data;
  const entries = Object.entries(data).map(([key, value]) => [key, key === "id" && typeof value === "string" ? uniqueIds([value], taken)[0] : renameIds(value, taken)]);
  return Object.fromEntries(entries);
}
