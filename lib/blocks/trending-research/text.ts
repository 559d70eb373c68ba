import { sectionTitleText } from "../section-title.tsx";
import { richTextToPlainText } from "../../rich-text/rich-text-to-plain-text.ts";
import { joinText, withUrl } from "../text-kit.ts";
import type { TrendingResearchData } from "./schema.ts";

export function trendingResearchToText(data: TrendingResearchData): string {
  return joinText([
    sectionTitleText(data.title),
    ...data.papers.map((paper) =>
      joinText([[withUrl(`* ${paper.title}`, paper.url), paper.authors && `  ${paper.authors}`].filter(Boolean).join("\n"), richTextToPlainText(paper.summary)]),
    ),
  ]);
}
