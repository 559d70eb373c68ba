/**
 * Markdown: the rich text, then the tagline as a paragraph that is all
 * italics, written with asterisks, starting with "— ":  *— Grid Notes, every Monday*
 */
import { Section, Text } from "react-email";
import { z } from "zod";
import { emailStyles } from "../../email/styles.ts";
import { RichTextEmail } from "../../rich-text/rich-text-email.tsx";
import { richTextToPlainText } from "../../rich-text/rich-text-to-plain-text.ts";
import { RichTextWeb } from "../../rich-text/rich-text-web.tsx";
import { LIMITS, plainText, richText } from "../fields.ts";
import { joinSections, readMarkdown, readMarkedLine, richTextToMarkdown, writeMarkedLine } from "../markdown-kit.ts";
import { joinText } from "../text-kit.ts";
import { defineBlock } from "../types.ts";

const signOffSchema = z.object({ text: richText(LIMITS.shortRichText), tagline: plainText(LIMITS.title) });
const TAGLINE_MARK = "— ";

export const signOffBlock = defineBlock({
  type: "signOff",
  name: "Sign-off",
  description: "The closing words, plus a tagline.",
  schema: signOffSchema,
  defaults: () => ({ text: "", tagline: "" }),
  example: { text: "Thanks for reading. *Reply* with tips or corrections.", tagline: "Grid Notes, every Monday" },
  checkForSend: (data) => (data.text.trim() || data.tagline.trim() ? [] : [{ path: ["text"], message: "is empty" }]),
  Email: ({ data, accent }) => (
    <Section>
      <RichTextEmail source={data.text} accent={accent} />
      {data.tagline ? <Text style={{ ...emailStyles.muted, fontStyle: "italic" }}>{data.tagline}</Text> : null}
    </Section>
  ),
  Web: ({ data }) => (
    <section className="block block-sign-off">
      <RichTextWeb source={data.text} />
      {data.tagline ? <p className="tagline">{data.tagline}</p> : null}
    </section>
  ),
  toText: (data) => joinText([richTextToPlainText(data.text), data.tagline && `-- ${data.tagline}`]),
  toMarkdown: (data) =>
    joinSections([
      richTextToMarkdown(data.text),
      data.tagline && writeMarkedLine(TAGLINE_MARK, data.tagline),
    ]),
  fromMarkdown: (markdown) => {
    const document = readMarkdown(markdown);
    const tagline = readMarkedLine(document, document.nodes.at(-1), TAGLINE_MARK);
    if (tagline === undefined) return { text: document.richText(0, document.nodes.length), tagline: "" };
    return { text: document.richText(0, document.nodes.length - 1), tagline };
  },
});
