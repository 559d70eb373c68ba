import { defineBlock } from "../types.ts";
import { TopStoriesEmail } from "./email.tsx";
import { topStoriesFromMarkdown, topStoriesToMarkdown } from "./markdown.ts";
import { checkTopStories, topStoriesDefaults, topStoriesExample, topStoriesSchema } from "./schema.ts";
import { topStoriesToText } from "./text.ts";
import { TopStoriesWeb } from "./web.tsx";

export const topStoriesBlock = defineBlock({
  type: "topStories",
  name: "Top stories",
  description: "A numbered list of long stories, such as a “Top 10 of the year”.",
  schema: topStoriesSchema,
  defaults: topStoriesDefaults,
  example: topStoriesExample,
  checkForSend: checkTopStories,
  Email: TopStoriesEmail,
  Web: TopStoriesWeb,
  toText: topStoriesToText,
  toMarkdown: topStoriesToMarkdown,
  fromMarkdown: topStoriesFromMarkdown,
});
