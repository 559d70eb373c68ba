import { parseRichText, type RichBlock, type RichInline } from "./parse-rich-text.ts";

/**
 * Rich text for the text/plain part: paragraphs separated by a blank line,
 * "- " and "1. " lists, links as "label (url)". Emphasis has no plain form.
 */
export function richTextToPlainText(source: string, lead?: string): string {
  const text = blocksToText(parseRichText(source).children, "");
  if (!lead) return text;
  return parseRichText(source).children[0]?.type === "paragraph" ? `${lead} ${text}` : `${lead}\n\n${text}`.trimEnd();
}

function blocksToText(blocks: RichBlock[], indent: string): string {
  return blocks
    .map((block) => {
      if (block.type === "paragraph") return indentLines(inlineToText(block.children), indent);
      return block.children
        .map((item, index) => {
          const marker = block.ordered ? `${block.start + index}. ` : "- ";
          const body = blocksToText(item.children, " ".repeat(marker.length)).replace(/^\s+/, "");
          return `${indent}${marker}${body}`;
        })
        .join("\n");
    })
    .join("\n\n");
}

function inlineToText(nodes: RichInline[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case "text":
          return node.value;
        case "break":
          return "\n";
        case "link": {
          const label = inlineToText(node.children);
          const target = node.url.startsWith("mailto:") ? node.url.slice("mailto:".length) : node.url;
          return label === "" || label === target || label === node.url ? target : `${label} (${target})`;
        }
        default:
          return inlineToText(node.children);
      }
    })
    .join("");
}

function indentLines(text: string, indent: string): string {
  return indent ? indent + text.replace(/\n/g, `\n${indent}`) : text;
}
