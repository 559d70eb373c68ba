import { defineBlock } from "../types.ts";
import { TrendingResearchEmail } from "./email.tsx";
import { trendingResearchFromMarkdown, trendingResearchToMarkdown } from "./markdown.ts";
import { checkTrendingResearch, trendingResearchDefaults, trendingResearchExample, trendingResearchSchema } from "./schema.ts";
import { trendingResearchToText } from "./text.ts";
import { TrendingResearchWeb } from "./web.tsx";

export const trendingResearchBlock = defineBlock({
  type: "trendingResearch",
  name: "Trending research",
  description: "Papers, each with a title, a summary, a link and its authors.",
  schema: trendingResearchSchema,
  defaults: trendingResearchDefaults,
  example: trendingResearchExample,
  checkForSend: checkTrendingResearch,
  Email: TrendingResearchEmail,
  Web: TrendingResearchWeb,
  toText: trendingResearchToText,
  toMarkdown: trendingResearchToMarkdown,
  fromMarkdown: trendingResearchFromMarkdown,
});
