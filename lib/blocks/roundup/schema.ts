import { z } from "zod";
import { image, itemId, items, LIMITS, plainText, richText, webUrl } from "../fields.ts";
import type { BlockProblem } from "../types.ts";

/** Labels editors pick from; any other short label ("Alibaba vs. Tencent") is allowed too. */
export const SUGGESTED_PART_LABELS = ["What's new", "My take", "How it works", "Why it matters"] as const;

/** What a story starts with, the first of a new roundup and each one added in the composer alike. */
export function newStoryParts(): RoundupPart[] {
  return [{ label: SUGGESTED_PART_LABELS[0], body: "" }];
}

export const roundupPart = z.object({
  // The composer offers these as the label's choices, and fills a new part's label with the first its story lacks.
  label: plainText(LIMITS.label).meta({ suggestions: [...SUGGESTED_PART_LABELS] }),
  body: richText(),
});

type RoundupPart = z.output<typeof roundupPart>;

export const roundupStory = z.object({
  id: itemId(),
  headline: plainText(LIMITS.headline),
  url: webUrl().default(""),
  image: image().optional(),
  // A hint for the composer's "+ Add story" only (JSON Schema's `default` is an annotation): parsing still requires `parts`.
  parts: items(roundupPart, LIMITS.parts).meta({ default: newStoryParts() }),
});

export const roundupSchema = z.object({
  title: plainText(LIMITS.title),
  stories: items(roundupStory),
});

export type RoundupData = z.output<typeof roundupSchema>;

export const roundupDefaults = (): RoundupData => ({
  title: "Weekly News Roundup",
  stories: [{ id: "story-1", headline: "", url: "", parts: newStoryParts() }],
});

export const roundupExample: RoundupData = {
  title: "Weekly News Roundup",
  stories: [
    {
      id: "tidal-array",
      headline: "A Tidal Array Sends Power Through a Full Winter",
      url: "https://example.com/news/tidal-array",
      image: {
        src: "https://example.com/images/tidal-array.jpg",
        alt: "Three tidal turbines on a barge before installation",
        credit: "Example Marine",
      },
      parts: [
        { label: "What's new", body: "A four-turbine tidal array delivered power through a full winter without an unplanned stop." },
        {
          label: "My take",
          body: "Tides are predictable years ahead, which is worth more to a grid planner than a low price.\n\n- no weather risk\n- *firm* output at known hours",
        },
        { label: "How it works", body: "Each turbine sits on the seabed and turns with the flood and the ebb. Read [the operator's report](https://example.com/report)." },
      ],
    },
  ],
};

export function checkRoundup(data: RoundupData): BlockProblem[] {
  const problems: BlockProblem[] = [];
  if (!data.title.trim()) problems.push({ path: ["title"], message: "needs a section title" });
  if (data.stories.length === 0) problems.push({ path: ["stories"], message: "has no stories" });
  data.stories.forEach((story, index) => {
    const name = `story ${index + 1}`;
    if (!story.headline.trim()) problems.push({ path: ["stories", index, "headline"], message: `${name} needs a headline` });
    if (story.image && !story.image.alt.trim()) {
      problems.push({ path: ["stories", index, "image", "alt"], message: `${name}: the image needs alt text` });
    }
    if (story.image && !story.image.src) problems.push({ path: ["stories", index, "image", "src"], message: `${name}: the image needs a URL` });
    if (story.parts.length === 0) problems.push({ path: ["stories", index, "parts"], message: `${name} has no text` });
    story.parts.forEach((part, partIndex) => {
      if (!part.label.trim()) problems.push({ path: ["stories", index, "parts", partIndex, "label"], message: `${name}, part ${partIndex + 1} needs a label` });
      // An unlabelled part is named by its number alone: `part 2 ("")` reads as a glitch.
      const partName = part.label.trim() ? `part ${partIndex + 1} ("${part.label.trim()}")` : `part ${partIndex + 1}`;
      if (!part.body.trim()) problems.push({ path: ["stories", index, "parts", partIndex, "body"], message: `${name}, ${partName} is empty` });
    });
  });
  return problems;
}
