/**
 * ### My take: Title      (or "### My take" without a title)
 *
 * The commentary, as rich text…
 */
import { isHeading, joinSections, readLinkedHeading, readMarkdown, richTextToMarkdown, writeLinkedHeading } from "../markdown-kit.ts";
import { MarkdownImportError } from "../types.ts";
import type { MyTakeData } from "./schema.ts";

const PREFIX = "My take";

export function myTakeToMarkdown(data: MyTakeData): string {
  const heading = data.title ? `${PREFIX}: ${data.title}` : PREFIX;
  return joinSections([writeLinkedHeading(3, heading, "", data.id, "my-take"), richTextToMarkdown(data.body)]);
}

export function myTakeFromMarkdown(markdown: string): MyTakeData {
  const document = readMarkdown(markdown);
  const [first] = document.nodes;
  const heading = isHeading(first, 3) ? readLinkedHeading(first, "my-take") : undefined;
  if (heading === undefined || !(heading.text === PREFIX || heading.text.startsWith(`${PREFIX}: `))) {
    throw new MarkdownImportError(`My take: expected a "### ${PREFIX}: Title" line first.`);
  }
  return { id: heading.id, title: heading.text.slice(PREFIX.length + 2), body: document.richText(1, document.nodes.length) };
}
