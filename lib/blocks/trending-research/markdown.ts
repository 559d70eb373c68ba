/**
 * ## Trending Research
 *
 * ### [Paper title](https://…)
 *
 * *By Authors or institution*
 *
 * The summary, as rich text…
 */
import { sectionTitleMarkdown } from "../section-title.tsx";
import { joinSections, readHeadedItems, readMarkdown, readMarkedLine, readSectionTitle, richTextToMarkdown, writeLinkedHeading, writeMarkedLine } from "../markdown-kit.ts";
import type { TrendingResearchData } from "./schema.ts";

const BY = "By ";

export function trendingResearchToMarkdown(data: TrendingResearchData): string {
  return joinSections([
    sectionTitleMarkdown(data.title),
    ...data.papers.map((paper) =>
      joinSections([
        writeLinkedHeading(3, paper.title, paper.url, paper.id, "paper"),
        paper.authors && writeMarkedLine(BY, paper.authors),
        richTextToMarkdown(paper.summary),
      ]),
    ),
  ]);
}

export function trendingResearchFromMarkdown(markdown: string): TrendingResearchData {
  const document = readMarkdown(markdown);
  const { title, next } = readSectionTitle(document, "Trending research");
  const papers = readHeadedItems(document, next, "Trending research", "paper").map((item) => {
    const authors = item.from < item.to ? readMarkedLine(document, document.nodes[item.from], BY) : undefined;
    const summaryFrom = authors === undefined ? item.from : item.from + 1;
    return { id: item.id, title: item.text, url: item.url, authors: authors ?? "", summary: document.richText(summaryFrom, item.to) };
  });
  return { title, papers };
}
