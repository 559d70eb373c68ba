import { fromMarkdown } from "mdast-util-from-markdown";
import { toString } from "mdast-util-to-string";
import { parseBlocks, type ContentProblem } from "../blocks/parse-blocks.ts";
import { getBlockDefinition, isBlockType } from "../blocks/registry.ts";
import { MarkdownImportError } from "../blocks/types.ts";
import { uniqueIds } from "../blocks/ids.ts";
import { richTextToMarkdown } from "../rich-text/rich-text-to-markdown.ts";
import { BLOCK_MARKER, PREHEADER_MARKER, type IssueMarkdown } from "./export-issue-markdown.ts";

export type ImportResult = { ok: true; issue: IssueMarkdown } | { ok: false; problems: ContentProblem[] };

/**
 * Reads `exportIssueMarkdown`'s format back into blocks. Markdown written
 * elsewhere (no block markers) becomes one text block: nothing is dropped.
 */
export function importIssueMarkdown(markdown: string): ImportResult {
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
  if (rest.trim()) raw.push({ type: "text", data: { text: richTextToMarkdown(rest) } });
  for (const chunk of chunks) {
    const blockIndex = raw.length;
    if (!isBlockType(chunk.type)) {
      problems.push({ blockIndex, blockType: chunk.type, path: [], message: `line ${chunk.line}: unknown block type "${chunk.type}"` });
      raw.push({ type: chunk.type, data: undefined });
      continue;
    }
    try {
      raw.push({ type: chunk.type, data: getBlockDefinition(chunk.type).fromMarkdown(chunk.body.join("\n").trim()) });
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
