/**
 * ## 60-Second Catch-Up
 *
 * ### [Headline](https://…)
 *
 * ![alt](https://… "credit")
 *
 * The item's text…
 */
import { sectionTitleMarkdown } from "../section-title.tsx";
import { joinSections, readHeadedItems, readImage, readMarkdown, readSectionTitle, richTextToMarkdown, writeImage, writeLinkedHeading } from "../markdown-kit.ts";
import type { CatchUpData } from "./schema.ts";

export function catchUpToMarkdown(data: CatchUpData): string {
  return joinSections([
    sectionTitleMarkdown(data.title),
    ...data.items.map((item) =>
      joinSections([writeLinkedHeading(3, item.headline, item.url, item.id, "item"), item.image && writeImage(item.image), richTextToMarkdown(item.text)]),
    ),
  ]);
}

export function catchUpFromMarkdown(markdown: string): CatchUpData {
  const document = readMarkdown(markdown);
  const { title, next } = readSectionTitle(document, "Catch-up");
  const items = readHeadedItems(document, next, "Catch-up").map((item) => {
    const image = item.from < item.to ? readImage(document.nodes[item.from]) : undefined;
    const text = document.richText(image ? item.from + 1 : item.from, item.to);
    return { id: item.id, headline: item.text, url: item.url, text, ...(image ? { image } : {}) };
  });
  return { title, items };
}
