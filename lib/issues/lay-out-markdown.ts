/**
 * Markdown written elsewhere (a newsletter tool's export, a README-style
 * draft) laid out the way the plain-text importer reads structure: headings
 * on lines of their own, "Label:" at the start of a line, one list item per
 * "- " line, blank lines between paragraphs. The words stay Markdown, reduced
 * to the rich-text subset (bold, italic, http(s) and mailto links), so rich-text
 * fields keep them and one-line fields read them through `readInlineMarkdown`.
 * Whatever the subset lacks keeps its words as escaped text: inline code, raw
 * HTML, code blocks, quotations, image descriptions.
 */
import type * as md from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { toMarkdown } from "mdast-util-to-markdown";
import { toString } from "mdast-util-to-string";
import { markdownOptions } from "../rich-text/rich-text-to-markdown.ts";
import { isSafeLinkUrl } from "../rich-text/safe-url.ts";
import { isKnownLabel, readLabel } from "./read-label.ts";

export type MarkdownLayout = {
  /** Lines as the plain-text importer reads them, each inline Markdown. */
  text: string;
  /** The lines that were headings: a story's headline even when it ends with "?" or "!". */
  headings: Set<string>;
};

type Definitions = Map<string, string>;

export function layOutMarkdown(markdown: string): MarkdownLayout {
  const root = fromMarkdown(markdown);
  const definitions: Definitions = new Map();
  for (const node of root.children) if (node.type === "definition") definitions.set(normalizeLabel(node.identifier), node.url);
  const headings = new Set<string>();
  const paragraphs = root.children.flatMap((node) => layOutBlock(node, { definitions, headings }));
  return { text: paragraphs.map((lines) => lines.join("\n")).join("\n\n"), headings };
}

type Context = { definitions: Definitions; headings: Set<string> };

/** A block as paragraphs (runs of lines with a blank line between them). */
function layOutBlock(node: md.RootContent, context: Context): string[][] {
  switch (node.type) {
    case "heading":
      return layOutHeading(node, context);
    case "paragraph": {
      const lines = serialize(unwrapLabels(phrasing(node.children, context.definitions)));
      return lines.length > 0 ? [lines] : [];
    }
    case "list": {
      const lines = layOutList(node, context, "");
      return lines.length > 0 ? [lines] : [];
    }
    case "blockquote":
      return node.children.flatMap((child) => layOutBlock(child, context));
    case "code":
    case "html":
      return literal(node.value);
    case "thematicBreak":
    case "definition":
      return [];
    default: {
      const text = toString(node);
      return text.trim() ? literal(text) : [];
    }
  }
}

/**
 * A heading is a line of its own, in bold so that one the importer does not
 * take for a title, section or headline still reads as one in the text. A
 * heading that is a suggested label ("#### My take") becomes "My take:".
 */
function layOutHeading(node: md.Heading, context: Context): string[][] {
  const words = oneLine(toString(node));
  if (!words) return [];
  if (isKnownLabel(words)) return [serialize([{ type: "text", value: `${words}:` }])];
  const children = phrasing(node.children, context.definitions).map(flattenBreaks);
  const line = serialize([{ type: "strong", children }]).join(" ");
  context.headings.add(line);
  return [[line]];
}

/**
 * One "- " (or "1.") line per item, nested items indented under it, and the
 * item's further paragraphs indented too, which the importer reads as the
 * item's continuation.
 */
function layOutList(node: md.List, context: Context, indent: string): string[] {
  return node.children.flatMap((item, index) => {
    const marker = node.ordered ? `${(node.start ?? 1) + index}.` : "-";
    const inner = `${indent}${" ".repeat(marker.length + 1)}`;
    const lines = item.children.flatMap((child) => {
      if (child.type === "list") return layOutList(child, context, inner);
      if (child.type === "paragraph") return [serialize(phrasing(child.children, context.definitions).map(flattenBreaks)).join(" ")];
      return layOutBlock(child, context).flat();
    });
    const [first, ...rest] = lines.filter((line) => line.trim());
    // An item that starts with a nested list has no words of its own to put after its marker.
    if (first === undefined || first.startsWith(inner)) return lines;
    return [`${indent}${marker} ${first}`, ...rest.map((line) => (line.startsWith(inner) ? line : `${inner}${line}`))];
  });
}

/** Text the subset cannot show as it was (code, HTML), escaped so it reads as typed. */
function literal(value: string): string[][] {
  const paragraphs = value
    .split(/\n[ \t]*\n/u)
    .map((paragraph) => paragraph.split("\n").map((line) => line.trim()).filter(Boolean).join("\n"))
    .filter(Boolean);
  return paragraphs.map((paragraph) => serialize([{ type: "text", value: paragraph }]));
}

/** Inline content reduced to the rich-text subset, as `parseRichText` reduces it. */
function phrasing(nodes: md.PhrasingContent[], definitions: Definitions, insideLink = false): md.PhrasingContent[] {
  return nodes.flatMap((node): md.PhrasingContent[] => {
    switch (node.type) {
      case "text":
        return [node];
      case "strong":
      case "emphasis":
        return [{ type: node.type, children: phrasing(node.children, definitions, insideLink) }];
      case "link":
      case "linkReference": {
        const children = phrasing(node.children, definitions, true);
        const url = node.type === "link" ? node.url : definitions.get(normalizeLabel(node.identifier));
        if (insideLink || url === undefined || !isSafeLinkUrl(url)) return children;
        return [{ type: "link", url, children }];
      }
      case "inlineCode":
      case "html":
        return [{ type: "text", value: node.value }];
      case "image":
      case "imageReference":
        return node.alt ? [{ type: "text", value: node.alt }] : [];
      case "break":
        // Lines the importer joins: a hard break there would be one more mark to strip from one-line fields.
        return [{ type: "text", value: "\n" }];
      default:
        return [];
    }
  });
}

/**
 * A bold or italic "**What’s new:**" (or "**What’s new**:") at the start of a
 * line is a part's label: without its marks the importer reads it as one.
 */
function unwrapLabels(nodes: md.PhrasingContent[]): md.PhrasingContent[] {
  return nodes.map((node, index) => {
    if (node.type !== "strong" && node.type !== "emphasis") return node;
    const previous = nodes[index - 1];
    const atLineStart = previous === undefined || (previous.type === "text" && /\n\s*$/u.test(previous.value));
    if (!atLineStart) return node;
    const marked = oneLine(toString(node));
    const line = `${marked}${toString({ type: "paragraph", children: nodes.slice(index + 1) }).split("\n")[0] ?? ""}`;
    const label = readLabel(oneLine(line));
    return label && (marked === label.label || marked === `${label.label}:`) ? { type: "text", value: marked } : node;
  });
}

function flattenBreaks(node: md.PhrasingContent): md.PhrasingContent {
  switch (node.type) {
    case "text":
      return { type: "text", value: node.value.replace(/\s*\n\s*/gu, " ") };
    case "strong":
    case "emphasis":
      return { type: node.type, children: node.children.map(flattenBreaks) };
    case "link":
      return { ...node, children: node.children.map(flattenBreaks) };
    default:
      return node;
  }
}

/** Phrasing as Markdown lines, marks that would start a block at a line's start escaped. */
function serialize(children: md.PhrasingContent[]): string[] {
  if (children.length === 0) return [];
  const markdown = toMarkdown({ type: "paragraph", children }, markdownOptions).trimEnd();
  return markdown
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

const oneLine = (text: string) => text.replace(/\s+/gu, " ").trim();

function normalizeLabel(label: string): string {
  return label.toLowerCase().replace(/\s+/g, " ").trim();
}
