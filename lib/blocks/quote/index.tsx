/**
 * Markdown:  > The quoted words…
 *
 *            — [Attribution](https://source)
 */
import { Link, Section, Text } from "react-email";
import { z } from "zod";
import { emailStylesFor } from "../../email/theme.ts";
import { LIMITS, multilineText, plainText, webUrl } from "../fields.ts";
import { joinSections, plainOf, readMarkdown, write } from "../markdown-kit.ts";
import { joinText, withUrl } from "../text-kit.ts";
import { defineBlock, MarkdownImportError } from "../types.ts";
import { safeWebUrl } from "../web-kit.tsx";
import type * as md from "mdast";
import type { ReactNode } from "react";

const quoteSchema = z.object({
  text: multilineText(LIMITS.oneLiner * 2),
  attribution: plainText(LIMITS.source),
  url: webUrl().default(""),
});
type QuoteData = z.output<typeof quoteSchema>;

const DASH = "— ";

function Attribution({ data, link }: { data: QuoteData; link: (url: string, text: string) => ReactNode }) {
  const url = safeWebUrl(data.url);
  return (
    <>
      {DASH}
      {url ? link(url, data.attribution) : data.attribution}
    </>
  );
}

export const quoteBlock = defineBlock({
  type: "quote",
  name: "Quote",
  description: "A pull quote with its attribution.",
  schema: quoteSchema,
  defaults: () => ({ text: "", attribution: "", url: "" }),
  example: {
    text: "The cheapest kilowatt-hour is the one you can count on.",
    attribution: "A grid operator, at a conference panel",
    url: "https://example.com/panel",
  },
  checkForSend: (data) => (data.text.trim() ? [] : [{ path: ["text"], message: "has no quoted text" }]),
  Email: QuoteEmail,
  Web: ({ data }) => (
    <figure className="block block-quote">
      <blockquote cite={safeWebUrl(data.url)}>
        <p>{data.text}</p>
      </blockquote>
      {data.attribution ? (
        <figcaption>
          <Attribution data={data} link={(url, text) => <a href={url} rel="noopener noreferrer">{text}</a>} />
        </figcaption>
      ) : null}
    </figure>
  ),
  toText: (data) => joinText([`“${data.text}”`, data.attribution && DASH + withUrl(data.attribution, data.url)]),
  toMarkdown: (data) => {
    // Without an attribution, a source link is labelled with its own URL.
    const attribution: md.PhrasingContent = { type: "text", value: data.attribution || data.url };
    return joinSections([
      write({ type: "blockquote", children: [{ type: "paragraph", children: [{ type: "text", value: data.text }] }] }),
      (data.attribution || data.url) &&
        write({
          type: "paragraph",
          children: [{ type: "text", value: DASH }, data.url ? { type: "link", url: data.url, children: [attribution] } : attribution],
        }),
    ]);
  },
  fromMarkdown: (markdown) => {
    const { nodes } = readMarkdown(markdown);
    const [quote, attribution, extra] = nodes;
    if (quote?.type !== "blockquote" || extra || (attribution && attribution.type !== "paragraph")) {
      throw new MarkdownImportError('Quote: expected a "> quote" and, optionally, a "— Attribution" line.');
    }
    const by = attribution?.type === "paragraph" ? attribution : undefined;
    const link = by?.children.find((child) => child.type === "link");
    const url = link?.type === "link" ? link.url : "";
    const attributionText = by ? plainOf(by).replace(/^—\s*/, "") : "";
    return { text: quote.children.map(plainOf).join("\n"), attribution: attributionText === url ? "" : attributionText, url };
  },
});

function QuoteEmail({ data, accent }: { data: QuoteData; accent?: string }) {
  const emailStyles = emailStylesFor(accent);
  return (
      <Section style={emailStyles.quote}>
        <Text style={{ ...emailStyles.paragraph, fontSize: "19px", lineHeight: "28px", fontStyle: "italic", whiteSpace: "pre-line" }}>
          “{data.text}”
        </Text>
        {data.attribution ? (
          <Text style={{ ...emailStyles.muted, margin: 0 }}>
            <Attribution data={data} link={(url, text) => <Link href={url} style={emailStyles.link}>{text}</Link>} />
          </Text>
        ) : null}
      </Section>
  );
}
