import type * as md from "mdast";
import { toMarkdown } from "mdast-util-to-markdown";
import { parseRichText, type RichBlock, type RichInline } from "./parse-rich-text.ts";

/**
 * One Markdown dialect for every export, so export → import → export is
 * stable. Content uses underscores for bold and italics; asterisks are left
 * to the block formats' structural lines (see lib/blocks/markdown-kit.ts).
 */
export const markdownOptions = {
  bullet: "-",
  emphasis: "_",
  strong: "_",
  listItemIndent: "one",
  resourceLink: true,
  rule: "-",
} as const;

/**
 * The safe subset written back as Markdown. Raw HTML in the source was kept as
 * text when parsed, so here it comes out escaped (`\<script>`), inert in any
 * Markdown renderer that later reads the export.
 */
export function richTextToMarkdown(source: string): string {
  const root: md.Root = { type: "root", children: parseRichText(source).children.map(toMdBlock) };
  return toMarkdown(root, markdownOptions).trimEnd();
}

/** A plain string (a headline, a label) as Markdown inline text, escaped. */
export function plainToMarkdown(text: string): string {
  if (text === "") return "";
  return toMarkdown({ type: "paragraph", children: [{ type: "text", value: text }] }, markdownOptions).trimEnd();
}

function toMdBlock(block: RichBlock): md.BlockContent {
  if (block.type === "paragraph") return { type: "paragraph", children: block.children.map(toMdInline) };
  return {
    type: "list",
    ordered: block.ordered,
    start: block.ordered ? block.start : undefined,
    spread: false,
    children: block.children.map((item) => ({
      type: "listItem",
      spread: false,
      children: item.children.map(toMdBlock),
    })),
  };
}

function toMdInline(node: RichInline): md.PhrasingContent {
  switch (node.type) {
    case "text":
      return { type: "text", value: node.value };
    case "break":
      return { type: "break" };
    case "link":
      return { type: "link", url: node.url, children: node.children.map(toMdInline) };
    default:
      return { type: node.type, children: node.children.map(toMdInline) };
  }
}
