import { sectionTitleText } from "../section-title.tsx";
import { richTextToPlainText } from "../../rich-text/rich-text-to-plain-text.ts";
import { joinText, underlined } from "../text-kit.ts";
import type { RoundupData } from "./schema.ts";

export function roundupToText(data: RoundupData): string {
  return joinText([
    sectionTitleText(data.title),
    ...data.stories.map((story) =>
      joinText([
        underlined(story.headline, "-"),
        story.url && `Read more: ${story.url}`,
        story.image && `[Image: ${story.image.alt}${story.image.credit ? `, ${story.image.credit}` : ""}]`,
        ...story.parts.map((part) => richTextToPlainText(part.body, part.label ? `${part.label}:` : undefined)),
      ]),
    ),
  ]);
}
