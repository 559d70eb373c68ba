/**
 * Block types that are one rich-text field and nothing else (intro, text):
 * the same schema and renderers, a different name, purpose and CSS class.
 */
import { Section } from "react-email";
import { z } from "zod";
import { RichTextEmail } from "../rich-text/rich-text-email.tsx";
import { richTextToMarkdown } from "../rich-text/rich-text-to-markdown.ts";
import { richTextToPlainText } from "../rich-text/rich-text-to-plain-text.ts";
import { RichTextWeb } from "../rich-text/rich-text-web.tsx";
import { richText } from "./fields.ts";
import { defineBlock } from "./types.ts";

export const richTextBlockSchema = z.object({ text: richText() });
export type RichTextBlockData = z.output<typeof richTextBlockSchema>;

export function richTextBlock<Type extends string>(options: {
  type: Type;
  name: string;
  description: string;
  example: RichTextBlockData;
}) {
  const className = `block block-${options.type}`;
  return defineBlock({
    ...options,
    schema: richTextBlockSchema,
    defaults: () => ({ text: "" }),
    checkForSend: (data) => (data.text.trim() ? [] : [{ path: ["text"], message: "is empty" }]),
    Email: ({ data, accent }) => (
      <Section>
        <RichTextEmail source={data.text} accent={accent} />
      </Section>
    ),
    Web: ({ data }) => (
      <section className={className}>
        <RichTextWeb source={data.text} />
      </section>
    ),
    toText: (data) => richTextToPlainText(data.text),
    toMarkdown: (data) => richTextToMarkdown(data.text),
    fromMarkdown: (markdown) => ({ text: richTextToMarkdown(markdown) }),
  });
}
