/**
 * Rich text is stored as Markdown and read through micromark (via
 * mdast-util-from-markdown), then reduced to the safe subset every output
 * knows: paragraphs, bold, italic, links, line breaks, bullet and numbered
 * lists. Anything else keeps its words as plain text: raw HTML becomes
 * literal text (escaped by every renderer), a heading becomes a paragraph,
 * a link to a disallowed scheme becomes its label.
 */
import type * as md from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { isSafeLinkUrl } from "./safe-url.ts";

export type RichInline =
  | { type: "text"; value: string }
  | { type: "strong"; children: RichInline[] }
  | { type: "emphasis"; children: RichInline[] }
  | { type: "link"; url: string; children: RichInline[] }
  | { type: "break" };
export type RichParagraph = { type: "paragraph"; children: RichInline[] };
export type RichList = { type: "list"; ordered: boolean; start: number; children: RichListItem[] };
export type RichListItem = { type: "listItem"; children: RichBlock[] };
export type RichBlock = RichParagraph | RichList;
export type RichText = { type: "root"; children: RichBlock[] };

type Definitions = Map<string, string>;

// Rendering an issue reads each field several times (email, text, checks), and
// the same issue is rendered for every preview; parsed trees are immutable.
const cache = new Map<string, RichText>();
const CACHE_LIMIT = 2000;

export function parseRichText(source: string): RichText {
  const hit = cache.get(source);
  if (hit) return hit;
  const tree = sanitize(fromMarkdown(source));
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(source, tree);
  return tree;
}

/** For benchmarks that measure a cold parse. */
export function clearRichTextCache(): void {
  cache.clear();
  targetsCache.clear();
}

// Validation reads each rich-text field on every save and preview, the autosave's too; most fields
// have not changed since the last one. Cached like the trees above (a list of URLs is small).
const targetsCache = new Map<string, readonly string[]>();

/**
 * Every link target written in the source, allowed or not (for validation).
 * A link needs a "[" (inline, reference or definition) or a "<" (an
 * autolink): text without either has none, and is not parsed.
 */
export function linkTargets(source: string): readonly string[] {
  if (!source.includes("[") && !source.includes("<")) return [];
  const hit = targetsCache.get(source);
  if (hit) return hit;
  const targets = readLinkTargets(source);
  if (targetsCache.size >= CACHE_LIMIT) targetsCache.delete(targetsCache.keys().next().value as string);
  targetsCache.set(source, targets);
  return targets;
}

function readLinkTargets(source: string): string[] {
  const targets: string[] = [];
  const root = fromMarkdown(source);
  const definitions = collectDefinitions(root);
  const visit = (node: md.Nodes) => {
    if (node.type === "link") targets.push(node.url);
    if (node.type === "linkReference") {
      const url = definitions.get(normalizeLabel(node.identifier));
      if (url !== undefined) targets.push(url);
    }
    if ("children" in node) for (const child of node.children) visit(child);
  };
  visit(root);
  return targets;
}

function sanitize(root: md.Root): RichText {
  const definitions = collectDefinitions(root);
  return { type: "root", children: root.children.flatMap((node) => toBlocks(node, definitions)) };
}

function toBlocks(node: md.RootContent, definitions: Definitions): RichBlock[] {
  switch (node.type) {
    case "paragraph":
    case "heading":
      return paragraph(node.children.flatMap((child) => toInline(child, definitions, false)));
    case "list":
      return [
        {
          type: "list",
          ordered: node.ordered === true,
          start: node.start ?? 1,
          children: node.children.map((item) => ({
            type: "listItem",
            children: item.children.flatMap((child) => toBlocks(child, definitions)),
          })),
        },
      ];
    case "blockquote":
      return node.children.flatMap((child) => toBlocks(child, definitions));
    case "code":
    case "html":
      return paragraph([{ type: "text", value: node.value }]);
    default:
      // thematicBreak and definitions carry no words of their own.
      return [];
  }
}

function paragraph(children: RichInline[]): RichParagraph[] {
  return children.length > 0 ? [{ type: "paragraph", children }] : [];
}

function toInline(node: md.PhrasingContent, definitions: Definitions, insideLink: boolean): RichInline[] {
  switch (node.type) {
    case "text":
    case "inlineCode":
    case "html":
      return [{ type: "text", value: node.value }];
    case "break":
      return [{ type: "break" }];
    case "strong":
    case "emphasis":
      return [{ type: node.type, children: node.children.flatMap((c) => toInline(c, definitions, insideLink)) }];
    case "image":
    case "imageReference":
      return node.alt ? [{ type: "text", value: node.alt }] : [];
    case "link":
    case "linkReference": {
      const children = node.children.flatMap((c) => toInline(c, definitions, true));
      const url = node.type === "link" ? node.url : definitions.get(normalizeLabel(node.identifier));
      if (insideLink || url === undefined || !isSafeLinkUrl(url)) return children;
      return [{ type: "link", url, children }];
    }
    default:
      return [];
  }
}

function collectDefinitions(root: md.Root): Definitions {
  const definitions: Definitions = new Map();
  for (const node of root.children) {
    if (node.type === "definition") definitions.set(normalizeLabel(node.identifier), node.url);
  }
  return definitions;
}

function normalizeLabel(label: string): string {
  return label.toLowerCase().replace(/\s+/g, " ").trim();
}
