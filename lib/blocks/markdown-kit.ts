/**
 * Shared reading and writing for the block Markdown formats. Plain fields are
 * escaped on the way out and unescaped on the way in (through the Markdown
 * parser); rich-text fields are normalised Markdown.
 *
 * Structure is marked with asterisks, content never is: rich text writes bold
 * as __bold__ and italics as _italics_, so "**What's new:**" (a part label),
 * "*By …*" (a byline) and "*— …*" (a tagline) can only be structure.
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
  /** Top-level nodes, without link reference definitions (they apply to every field). */
  nodes: md.RootContent[];
  /** Rich text made of nodes[from] up to nodes[to - 1], normalised. */
  richText(from: number, to?: number): string;
  /** Rich text from source `offset` to the end of nodes[to - 1], normalised. */
  richTextFrom(offset: number, to: number): string;
  /** Whether `node` was written with `marker` at its first character ("*" vs "_"). */
  startsWith(node: md.Nodes, marker: string): boolean;
};

export function readMarkdown(markdown: string): MarkdownDocument {
  const root = fromMarkdown(markdown);
  const definitions = root.children.filter((node) => node.type === "definition");
  const nodes = root.children.filter((node) => node.type !== "definition");
  // Reference links may point at a definition anywhere in the block.
  const references = definitions.map((node) => slice(node.position?.start.offset, node.position?.end.offset)).join("\n");
  const end = (index: number) => nodes[index]?.position?.end.offset ?? markdown.length;
  const start = (index: number) => nodes[index]?.position?.start.offset ?? markdown.length;
  function slice(from = markdown.length, to = markdown.length): string {
    return markdown.slice(from, to);
  }
  const normalise = (source: string) => (source.trim() ? richTextToMarkdown(`${source}\n\n${references}`) : "");
  return {
    nodes,
    richText: (from, to = from + 1) => (to > from ? normalise(slice(start(from), end(to - 1))) : ""),
    richTextFrom: (offset, to) => normalise(slice(offset, end(to - 1))),
    startsWith: (node, marker) => slice(node.position?.start.offset, (node.position?.start.offset ?? 0) + marker.length) === marker,
  };
}

/**
 * A paragraph that is one emphasis written with "*" and starting with
 * `prefix`: the byline and tagline lines. Returns the text after the prefix.
 */
export function readMarkedLine(document: MarkdownDocument, node: md.RootContent | undefined, prefix: string): string | undefined {
  if (node?.type !== "paragraph" || node.children.length !== 1) return undefined;
  const [only] = node.children;
  if (only?.type !== "emphasis" || !document.startsWith(only, "*")) return undefined;
  const text = plainOf(only);
  return text.startsWith(prefix) ? text.slice(prefix.length) : undefined;
}

export function writeMarkedLine(prefix: string, text: string): string {
  return `*${plainToMarkdown(prefix + text)}*`;
}

export const plainOf = (node: md.Nodes): string => toString(node, { includeImageAlt: true });

export function isHeading(node: md.RootContent | undefined, depth: number): node is md.Heading {
  return node?.type === "heading" && node.depth === depth;
}

const ID = "[a-z0-9][a-z0-9-]{0,63}";
const ID_COMMENT = new RegExp(`^<!-- #(${ID}) -->$`);

/**
 * "### [Headline](url)" or "### Headline", optionally ending with the item's
 * anchor id as "<!-- #id -->" (written only when it differs from the one the
 * headline would give, so anchors survive an export and import).
 */
export function readLinkedHeading(node: md.Heading, fallbackId = "item"): { text: string; url: string; id: string } {
  const children = [...node.children];
  const last = children.at(-1);
  const comment = last?.type === "html" ? ID_COMMENT.exec(last.value) : null;
  if (comment) {
    children.pop();
    const before = children.at(-1);
    if (before?.type === "text") {
      const value = before.value.trimEnd();
      children.splice(-1, 1, ...(value ? [{ ...before, value }] : []));
    }
  }
  const [only] = children;
  const heading = children.length === 1 && only?.type === "link" ? { text: plainOf(only), url: only.url } : { text: plainOf({ type: "paragraph", children }), url: "" };
  return { ...heading, id: comment?.[1] ?? slugify(heading.text, fallbackId) };
}

export function writeLinkedHeading(depth: 1 | 2 | 3 | 4, text: string, url: string, id?: string, fallbackId = "item"): string {
  const label: md.PhrasingContent = { type: "text", value: text };
  const heading = write({ type: "heading", depth, children: [url ? { type: "link", url, children: [label] } : label] });
  // Only a well-formed id is written: anything else could close the comment.
  return id && id !== slugify(text, fallbackId) && new RegExp(`^${ID}$`).test(id) ? `${heading} <!-- #${id} -->` : heading;
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
export function readHeadedItems(document: MarkdownDocument, from: number, blockName: string, fallbackId = "item") {
  const items: { id: string; text: string; url: string; from: number; to: number }[] = [];
  let index = from;
  while (index < document.nodes.length) {
    const heading = document.nodes[index]!;
    if (!isHeading(heading, 3)) throw new MarkdownImportError(`${blockName}: expected a "### Headline" before ${describe(heading)}.`);
    const start = ++index;
    while (index < document.nodes.length && !isHeading(document.nodes[index], 3)) index++;
    items.push({ ...readLinkedHeading(heading, fallbackId), from: start, to: index });
  }
  const ids = uniqueIds(items.map((item) => item.id));
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
