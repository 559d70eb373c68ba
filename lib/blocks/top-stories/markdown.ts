/**
 * ## Top 10 of the Year
 *
 * ### [Headline](https://…)     (numbered by position when rendered)
 *
 * The story, as rich text…
 */
import { sectionTitleMarkdown } from "../section-title.tsx";
import { joinSections, readHeadedItems, readMarkdown, readSectionTitle, richTextToMarkdown, writeLinkedHeading } from "../markdown-kit.ts";
import type { TopStoriesData } from "./schema.ts";

export function topStoriesToMarkdown(data: TopStoriesData): string {
  return joinSections([
    sectionTitleMarkdown(data.title),
    ...data.stories.map((story) => joinSections([writeLinkedHeading(3, story.headline, story.url, story.id, "story"), richTextToMarkdown(story.body)])),
  ]);
}

export function topStoriesFromMarkdown(markdown: string): TopStoriesData {
  const document = readMarkdown(markdown);
  const { title, next } = readSectionTitle(document, "Top stories");
  const stories = readHeadedItems(document, next, "Top stories", "story").map((item) => ({
    id: item.id,
    headline: item.text,
    url: item.url,
    body: document.richText(item.from, item.to),
  }));
  return { title, stories };
}
