/**
 * An issue as Markdown: readable anywhere, and importable back into blocks.
 *
 *   # Issue title
 *
 *   <!-- preheader: "…" -->
 *
 *   <!-- block: intro -->
 *
 *   …each block in its own Markdown format (see lib/blocks/<type>/markdown.ts)…
 *
 * The block markers are HTML comments, invisible when the Markdown is rendered.
 * Text inside blocks is escaped by mdast-util-to-markdown, so no field can
 * forge a marker.
 */
import { getBlockDefinition, type Block } from "../blocks/registry.ts";
import { write } from "../blocks/markdown-kit.ts";

export const BLOCK_MARKER = /^<!-- block: ([A-Za-z][\w-]*) -->$/;
export const PREHEADER_MARKER = /^<!-- preheader: (".*") -->$/;

export type IssueMarkdown = { title: string; preheader: string; blocks: Block[] };

export function exportIssueMarkdown({ title, preheader, blocks }: IssueMarkdown): string {
  const sections = [write({ type: "heading", depth: 1, children: [{ type: "text", value: singleLine(title) }] })];
  if (preheader) sections.push(`<!-- preheader: ${commentSafeJson(preheader)} -->`);
  for (const block of blocks) {
    sections.push(`<!-- block: ${block.type} -->`);
    const body = getBlockDefinition(block.type).toMarkdown(block.data);
    if (body) sections.push(body);
  }
  return `${sections.join("\n\n")}\n`;
}

/** A title is one line; a stray line break would make the heading swallow what follows. */
function singleLine(text: string): string {
  return text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, " ");
}

/** JSON that cannot end the HTML comment it sits in ("--" and ">" are escaped). */
function commentSafeJson(text: string): string {
  return JSON.stringify(text).replace(/-/g, "\\u002d").replace(/>/g, "\\u003e");
}
