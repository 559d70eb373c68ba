/**
 * Shared reading and writing for the block Markdown formats. Plain fields are
 * escaped on the way out and unescaped on the way in (through the Markdown
 * parser), rich-text fields are copied as Markdown source.
 */
import type * as md from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { toString } from "mdast-util-to-string";
import { toMarkdown } from "mdast-util-to-markdown";
import { markdownOptions, plainToMarkdown, richTextToMarkdown } from "../rich-text/rich-text-to-markdown.ts";
import { isSafeLinkUrl } from "../rich-text/safe-url.ts";
import { slugify, uniqueIds } from "./ids.ts";
import { MarkdownImportError } from "./types.ts";

export { plainToMarkdown, richTextToMarkdown };

export type MarkdownDocument = {
  nodes: md.RootContent[];
  /** The source text of nodes[from] up to and including nodes[to - 1]. */
  source(from: number, to?: number): string;
  /** The source text from `offset` to the end of nodes[to - 1]. */
  sourceFrom(offset: number, to: number): string;
};

export function readMarkdown(markdown: string): MarkdownDocument {
  const root = fromMarkdown(markdown);
  const nodes = root.children;
  const end = (index: number) => nodes[index]?.position?.end.offset ?? markdown.length;
  const start = (index: number) => nodes[index]?.position?.start.offset ?? markdown.length;
  return {
    nodes,
    source: (from, to = from + 1) => (to > from ? markdown.slice(start(from), end(to - 1)).trim() : ""),
    sourceFrom: (offset, to) => markdown.slice(offset, end(to - 1)).trim(),
  };
}

export const plainOf = (node: md.Nodes): string => toString(node, { includeImageAlt: true });

export function isHeading(node: md.RootContent | undefined, depth: number): node is md.Heading {
  return node?.type === "heading" && node.depth === depth;
}

/** "### [Headline](url)" or "### Headline". */
export function readLinkedHeading(node: md.Heading): { text: string; url: string } {
  const [only] = node.children;
  if (node.children.length === 1 && only?.type === "link") return { text: plainOf(only), url: only.url };
  return { text: plainOf(node), url: "" };
}

export function writeLinkedHeading(depth: 1 | 2 | 3 | 4, text: string, url: string): string {
  const label: md.PhrasingContent = { type: "text", value: text };
  return write({
    type: "heading",
    depth,
    children: [url ? { type: "link", url, children: [label] } : label],
  });
}

/** A paragraph holding one image and nothing else: "![alt](src "credit")". */
export function readImage(node: md.RootContent | undefined): { src: string; alt: string; credit: string } | undefined {
  if (node?.type !== "paragraph" || node.children.length !== 1) return undefined;
  const [only] = node.children;
  if (only?.type !== "image") return undefined;
  return { src: only.url, alt: only.alt ?? "", credit: only.title ?? "" };
}

export function writeImage(image: { src: string; alt: string; credit?: string }): string {
  return write({
    type: "paragraph",
    children: [{ type: "image", url: image.src, alt: image.alt, title: image.credit || null }],
  });
}

/**
 * One mdast node as Markdown, escaped by mdast-util-to-markdown in the house
 * dialect. A link or image whose URL is not http(s)/mailto is written as its
 * text: the export must be safe to render even if unvalidated data reaches it.
 */
export function write(node: md.Nodes): string {
  return toMarkdown(withSafeUrls(node), markdownOptions).trimEnd();
}

function withSafeUrls<T extends md.Nodes>(node: T): T {
  return "children" in node ? { ...node, children: safeChildren(node.children) } : node;
}

/** An empty URL is a draft's missing link: harmless, and kept so the draft reads back. */
function isDraftOrSafe(url: string): boolean {
  return url === "" || isSafeLinkUrl(url);
}

function safeChildren(children: md.Nodes[]): md.Nodes[] {
  return children.flatMap((child): md.Nodes[] => {
    if (child.type === "link" && !isDraftOrSafe(child.url)) return safeChildren(child.children);
    if (child.type === "image" && !isDraftOrSafe(child.url)) return child.alt ? [{ type: "text", value: child.alt }] : [];
    return [withSafeUrls(child)];
  });
}

/** "## Title" as the first node: returns the title and the index after it. */
export function readSectionTitle(document: MarkdownDocument, blockName: string): { title: string; next: number } {
  const [first] = document.nodes;
  if (isHeading(first, 2)) return { title: plainOf(first), next: 1 };
  if (first === undefined) return { title: "", next: 0 };
  throw new MarkdownImportError(`${blockName}: expected a "## Title" line first, found ${describe(first)}.`);
}

/**
 * The "### Headline" items after a section title: each item's heading, and
 * the node range of what follows it up to the next "###". Ids come from the
 * headlines, made unique within the block.
 */
export function readHeadedItems(document: MarkdownDocument, from: number, blockName: string) {
  const items: { id: string; text: string; url: string; from: number; to: number }[] = [];
  let index = from;
  while (index < document.nodes.length) {
    const heading = document.nodes[index]!;
    if (!isHeading(heading, 3)) throw new MarkdownImportError(`${blockName}: expected a "### Headline" before ${describe(heading)}.`);
    const start = ++index;
    while (index < document.nodes.length && !isHeading(document.nodes[index], 3)) index++;
    items.push({ id: "", ...readLinkedHeading(heading), from: start, to: index });
  }
  const ids = uniqueIds(items.map((item) => slugify(item.text, "item")));
  return items.map((item, i) => ({ ...item, id: ids[i]! }));
}

export function describe(node: md.RootContent): string {
  const line = node.position?.start.line;
  const text = plainOf(node).slice(0, 40);
  return `${node.type}${text ? ` "${text}"` : ""}${line ? ` on line ${line}` : ""}`;
}

export function joinSections(sections: (string | false | undefined)[]): string {
  return sections.filter((section): section is string => Boolean(section)).join("\n\n");
}
