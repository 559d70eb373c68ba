import { z } from "zod";
import { itemId, items, LIMITS, plainText, richText, webUrl } from "../fields.ts";
import type { BlockProblem } from "../types.ts";

export const paperSchema = z.object({
  id: itemId(),
  title: plainText(LIMITS.headline),
  url: webUrl(),
  summary: richText(LIMITS.shortRichText),
  /** Authors or institution, as the editor wants it credited. */
  authors: plainText(LIMITS.title),
});

export const trendingResearchSchema = z.object({
  title: plainText(LIMITS.title),
  papers: items(paperSchema),
});
export type TrendingResearchData = z.output<typeof trendingResearchSchema>;

export const trendingResearchDefaults = (): TrendingResearchData => ({
  title: "Trending Research",
  papers: [{ id: "paper-1", title: "", url: "", summary: "", authors: "" }],
});

export const trendingResearchExample: TrendingResearchData = {
  title: "Trending Research",
  papers: [
    {
      id: "tidal-forecast",
      title: "Forecasting Tidal Stream Output With Harmonic Models",
      url: "https://example.org/papers/tidal-forecast",
      summary: "The authors predict a year of output to within **2%** using only harmonic constants. Their code is open.",
      authors: "Coastal Energy Lab, Example University",
    },
  ],
};

export function checkTrendingResearch(data: TrendingResearchData): BlockProblem[] {
  const problems: BlockProblem[] = [];
  if (data.papers.length === 0) problems.push({ path: ["papers"], message: "has no papers" });
  data.papers.forEach((paper, index) => {
    const name = `paper ${index + 1}`;
    if (!paper.title.trim()) problems.push({ path: ["papers", index, "title"], message: `${name} needs a title` });
    if (!paper.url) problems.push({ path: ["papers", index, "url"], message: `${name} needs a link to the paper` });
    if (!paper.summary.trim()) problems.push({ path: ["papers", index, "summary"], message: `${name} needs a summary` });
  });
  return problems;
}
