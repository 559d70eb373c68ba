import { Heading } from "react-email";
import { z } from "zod";
import { emailStylesFor } from "../../email/theme.ts";
import { LIMITS, plainText } from "../fields.ts";
import { plainOf, readMarkdown } from "../markdown-kit.ts";
import { sectionTitleMarkdown } from "../section-title.tsx";
import { underlined } from "../text-kit.ts";
import { defineBlock, MarkdownImportError } from "../types.ts";

const headingSchema = z.object({ text: plainText(LIMITS.title) });

/** A section heading of the editor's own ("Deep dives"), between other blocks. */
export const headingBlock = defineBlock({
  type: "heading",
  name: "Heading",
  description: "A section heading between blocks.",
  schema: headingSchema,
  defaults: () => ({ text: "" }),
  example: { text: "Deep dives" },
  checkForSend: (data) => (data.text.trim() ? [] : [{ path: ["text"], message: "is empty" }]),
  Email: HeadingEmail,
  Web: ({ data }) => <h2 className="block block-heading section-title">{data.text}</h2>,
  toText: (data) => underlined(data.text.toUpperCase(), "="),
  toMarkdown: (data) => sectionTitleMarkdown(data.text),
  fromMarkdown: (markdown) => {
    const { nodes } = readMarkdown(markdown);
    const [first] = nodes;
    if (nodes.length > 1 || (first && first.type !== "heading")) {
      throw new MarkdownImportError('Heading: expected one "## Heading" line and nothing else.');
    }
    return { text: first ? plainOf(first) : "" };
  },
});

function HeadingEmail({ data, accent }: { data: { text: string }; accent?: string }) {
  const emailStyles = emailStylesFor(accent);
  return (
    <Heading as="h2" style={emailStyles.sectionTitle}>
      {data.text}
    </Heading>
  );
}
