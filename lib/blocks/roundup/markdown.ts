/**
 * ## Weekly News Roundup
 *
 * ### [Headline](https://…)
 *
 * ![alt](https://… "credit")
 *
 * **What's new:** the part's text, any number of paragraphs and lists…
 *
 * **My take:** …
 */
import type * as md from "mdast";
import { MarkdownImportError } from "../types.ts";
import {
  describe,
  isHeading,
  joinSections,
  plainOf,
  readImage,
  readLinkedHeading,
  readMarkdown,
  readSectionTitle,
  richTextToMarkdown,
  writeImage,
  writeLinkedHeading,
  plainToMarkdown,
  type MarkdownDocument,
} from "../markdown-kit.ts";
import { uniqueIds } from "../ids.ts";
import { sectionTitleMarkdown } from "../section-title.tsx";
import { parseRichText } from "../../rich-text/parse-rich-text.ts";
import type { RoundupData } from "./schema.ts";

export function roundupToMarkdown(data: RoundupData): string {
  return joinSections([
    sectionTitleMarkdown(data.title),
    ...data.stories.map((story) =>
      joinSections([
        writeLinkedHeading(3, story.headline, story.url, story.id, "story"),
        story.image && writeImage(story.image),
        ...story.parts.map((part) => writePart(part.label, part.body)),
      ]),
    ),
  ]);
}

/** "**Label:** text…"; a text that opens with a list starts on its own line so the list stays a list. */
function writePart(label: string, body: string): string {
  const text = richTextToMarkdown(body);
  const opensWithParagraph = text !== "" && parseRichText(body).children[0]?.type === "paragraph";
  return `**${plainToMarkdown(label)}:**${text === "" ? "" : opensWithParagraph ? ` ${text}` : `\n\n${text}`}`;
}

/** A paragraph opening with "**Label:**" (asterisks: content bold is __bold__) starts a new part. */
function partLabel(document: MarkdownDocument, node: md.RootContent): { label: string; rest: number } | undefined {
  if (node.type !== "paragraph") return undefined;
  const [first] = node.children;
  if (first?.type !== "strong" || !document.startsWith(first, "**")) return undefined;
  const label = plainOf(first);
  if (!label.endsWith(":")) return undefined;
  return { label: label.slice(0, -1), rest: first.position?.end.offset ?? 0 };
}

type Story = RoundupData["stories"][number];

export function roundupFromMarkdown(markdown: string): RoundupData {
  const document = readMarkdown(markdown);
  const { title, next } = readSectionTitle(document, "Roundup");
  const stories: Story[] = [];
  let part: { label: string; from: number; fromNode: number } | undefined;
  const closePart = (endNode: number) => {
    const story = stories.at(-1);
    if (!part || !story) return;
    story.parts.push({ label: part.label, body: document.richTextFrom(part.from, endNode) });
    part = undefined;
  };

  for (let index = next; index < document.nodes.length; index++) {
    const node = document.nodes[index]!;
    if (isHeading(node, 3)) {
      closePart(index);
      const { text, url, id } = readLinkedHeading(node, "story");
      stories.push({ id, headline: text, url, parts: [] });
      continue;
    }
    const story = stories.at(-1);
    if (!story) throw new MarkdownImportError(`Roundup: expected a "### Headline" before ${describe(node)}.`);
    const label = partLabel(document, node);
    if (label) {
      closePart(index);
      part = { label: label.label, from: label.rest, fromNode: index };
      continue;
    }
    const picture = story.parts.length === 0 && !part ? readImage(node) : undefined;
    if (picture) {
      story.image = picture;
      continue;
    }
    if (!part) throw new MarkdownImportError(`Roundup: expected a "**Label:**" part in "${story.headline}" before ${describe(node)}.`);
  }
  closePart(document.nodes.length);
  const ids = uniqueIds(stories.map((story) => story.id));
  return { title, stories: stories.map((story, index) => ({ ...story, id: ids[index]! })) };
}
