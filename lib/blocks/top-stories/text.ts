import { sectionTitleText } from "../section-title.tsx";
import { richTextToPlainText } from "../../rich-text/rich-text-to-plain-text.ts";
import { joinText, underlined } from "../text-kit.ts";
import type { TopStoriesData } from "./schema.ts";

export function topStoriesToText(data: TopStoriesData): string {
  return joinText([
    sectionTitleText(data.title),
    ...data.stories.map((story, index) =>
      joinText([underlined(`${index + 1}. ${story.headline}`, "-"), story.url && `Read more: ${story.url}`, richTextToPlainText(story.body)]),
    ),
  ]);
}
