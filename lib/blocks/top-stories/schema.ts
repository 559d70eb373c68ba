import { z } from "zod";
import { itemId, items, LIMITS, plainText, richText, webUrl } from "../fields.ts";
import type { BlockProblem } from "../types.ts";

export const topStory = z.object({
  id: itemId(),
  headline: plainText(LIMITS.headline),
  url: webUrl().default(""),
  body: richText(),
});

export const topStoriesSchema = z.object({
  title: plainText(LIMITS.title),
  stories: items(topStory),
});
export type TopStoriesData = z.output<typeof topStoriesSchema>;

export const topStoriesDefaults = (): TopStoriesData => ({
  title: "Top Stories",
  stories: [{ id: "top-1", headline: "", url: "", body: "" }],
});

export const topStoriesExample: TopStoriesData = {
  title: "Top 3 Grid Stories of the Year",
  stories: [
    { id: "storage-overtakes-peakers", headline: "Storage overtakes peakers", url: "https://example.com/storage", body: "The year batteries won on **price**, not subsidies." },
    { id: "heat-pumps-flex", headline: "Heat pumps learn to wait", url: "", body: "Flexible demand went from pilot to tariff.\n\n- three utilities\n- one standard" },
    { id: "tides-all-winter", headline: "Tides, all winter", url: "", body: "A tidal array ran a full winter without an unplanned stop." },
  ],
};

export function checkTopStories(data: TopStoriesData): BlockProblem[] {
  const problems: BlockProblem[] = [];
  if (data.stories.length === 0) problems.push({ path: ["stories"], message: "has no stories" });
  data.stories.forEach((story, index) => {
    if (!story.headline.trim()) problems.push({ path: ["stories", index, "headline"], message: `story ${index + 1} needs a headline` });
    if (!story.body.trim()) problems.push({ path: ["stories", index, "body"], message: `story ${index + 1} has no text` });
  });
  return problems;
}
