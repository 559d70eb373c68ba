/**
 * ### My take: Title      (or "### My take" without a title)
 *
 * The commentary, as rich text…
 */
import { slugify } from "../ids.ts";
import { isHeading, plainOf, plainToMarkdown, readMarkdown, richTextToMarkdown, joinSections } from "../markdown-kit.ts";
import { MarkdownImportError } from "../types.ts";
import type { MyTakeData } from "./schema.ts";

const PREFIX = "My take";

export function myTakeToMarkdown(data: MyTakeData): string {
  const heading = data.title ? `### ${PREFIX}: ${plainToMarkdown(data.title)}` : `### ${PREFIX}`;
  return joinSections([heading, richTextToMarkdown(data.body)]);
}

export function myTakeFromMarkdown(markdown: string): MyTakeData {
  const document = readMarkdown(markdown);
  const [first] = document.nodes;
  const heading = isHeading(first, 3) ? plainOf(first) : undefined;
  if (heading === undefined || !(heading === PREFIX || heading.startsWith(`${PREFIX}: `))) {
    throw new MarkdownImportError(`My take: expected a "### ${PREFIX}: Title" line first.`);
  }
  const title = heading.slice(PREFIX.length + 2);
  return { id: slugify(title || "my-take"), title, body: document.source(1, document.nodes.length) };
}
