/**
 * ## Noteworthy Stories
 *
 * - The one-liner. — [Source](https://…)
 * - A one-liner without a link. — Source
 */
import { sectionTitleMarkdown } from "../section-title.tsx";
import type * as md from "mdast";
import { describe, joinSections, plainOf, readMarkdown, readSectionTitle, write } from "../markdown-kit.ts";
import { MarkdownImportError } from "../types.ts";
import type { NoteworthyData } from "./schema.ts";

const DASH = " — ";

export function noteworthyToMarkdown(data: NoteworthyData): string {
  const list: md.List = {
    type: "list",
    ordered: false,
    spread: false,
    children: data.items.map((item) => {
      const source: md.PhrasingContent = { type: "text", value: item.source || item.url };
      const children: md.PhrasingContent[] = [{ type: "text", value: item.text }];
      if (item.source || item.url) {
        children.push({ type: "text", value: DASH }, item.url ? { type: "link", url: item.url, children: [source] } : source);
      } else if (item.text.includes(DASH)) {
        // A trailing dash with nothing after it says "no source", so the text's own dash stays in the text.
        children.push({ type: "text", value: DASH.trimEnd() });
      }
      return { type: "listItem", spread: false, children: [{ type: "paragraph", children }] };
    }),
  };
  return joinSections([
    sectionTitleMarkdown(data.title),
    data.items.length > 0 && write(list),
  ]);
}

function readItem(item: md.ListItem): NoteworthyData["items"][number] {
  if (item.children.length === 0) return { text: "", url: "", source: "" };
  const paragraph = item.children[0];
  if (item.children.length !== 1 || paragraph?.type !== "paragraph") {
    throw new MarkdownImportError(`Noteworthy: each item is one line, "text — Source"; found more in ${describe(item)}.`);
  }
  const last = paragraph.children.at(-1);
  const link = last?.type === "link" ? last : undefined;
  const text = plainOf({ type: "paragraph", children: link ? paragraph.children.slice(0, -1) : paragraph.children });
  if (link) {
    const body = text.endsWith(DASH) ? text.slice(0, -DASH.length) : text.trimEnd();
    const label = plainOf(link);
    return { text: body, url: link.url, source: label === link.url ? "" : label };
  }
  if (text.endsWith(DASH.trimEnd())) return { text: text.slice(0, -DASH.trimEnd().length), url: "", source: "" };
  const cut = text.lastIndexOf(DASH);
  return cut === -1 ? { text, url: "", source: "" } : { text: text.slice(0, cut), url: "", source: text.slice(cut + DASH.length) };
}

export function noteworthyFromMarkdown(markdown: string): NoteworthyData {
  const document = readMarkdown(markdown);
  const { title, next } = readSectionTitle(document, "Noteworthy");
  const rest = document.nodes.slice(next);
  const [list, extra] = rest;
  if (extra || (list && list.type !== "list")) {
    throw new MarkdownImportError(`Noteworthy: expected one list of "- text — Source" items after the title, found ${describe(extra ?? list!)}.`);
  }
  return { title, items: list?.type === "list" ? list.children.map(readItem) : [] };
}
