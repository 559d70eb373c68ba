/**
 * ## Trending Research
 *
 * ### [Paper title](https://…)
 *
 * _By Authors or institution_
 *
 * The summary, as rich text…
 */
import { sectionTitleMarkdown } from "../section-title.tsx";
import { joinSections, plainOf, readHeadedItems, readMarkdown, readSectionTitle, richTextToMarkdown, write, writeLinkedHeading } from "../markdown-kit.ts";
import type { TrendingResearchData } from "./schema.ts";
import type * as md from "mdast";

const BY = "By ";

export function trendingResearchToMarkdown(data: TrendingResearchData): string {
  return joinSections([
    sectionTitleMarkdown(data.title),
    ...data.papers.map((paper) =>
      joinSections([
        writeLinkedHeading(3, paper.title, paper.url),
        paper.authors && write({ type: "paragraph", children: [{ type: "emphasis", children: [{ type: "text", value: BY + paper.authors }] }] }),
        richTextToMarkdown(paper.summary),
      ]),
    ),
  ]);
}

function byline(node: md.RootContent | undefined): string | undefined {
  if (node?.type !== "paragraph" || node.children.length !== 1 || node.children[0]?.type !== "emphasis") return undefined;
  const text = plainOf(node);
  return text.startsWith(BY) ? text.slice(BY.length) : undefined;
}

export function trendingResearchFromMarkdown(markdown: string): TrendingResearchData {
  const document = readMarkdown(markdown);
  const { title, next } = readSectionTitle(document, "Trending research");
  const papers = readHeadedItems(document, next, "Trending research").map((item) => {
    const authors = item.from < item.to ? byline(document.nodes[item.from]) : undefined;
    const summaryFrom = authors === undefined ? item.from : item.from + 1;
    return { id: item.id, title: item.text, url: item.url, authors: authors ?? "", summary: document.source(summaryFrom, item.to) };
  });
  return { title, papers };
}
