import { Hr } from "react-email";
import { z } from "zod";
import { emailStyles } from "../../email/styles.ts";
import { readMarkdown } from "../markdown-kit.ts";
import { defineBlock, MarkdownImportError } from "../types.ts";

/** A horizontal rule. Its data is empty: `{}`. */
export const dividerBlock = defineBlock({
  type: "divider",
  name: "Divider",
  description: "A horizontal rule between sections.",
  schema: z.object({}),
  defaults: () => ({}),
  example: {},
  checkForSend: () => [],
  Email: () => <Hr style={emailStyles.rule} />,
  Web: () => <hr className="block block-divider" />,
  toText: () => "* * *",
  toMarkdown: () => "---",
  fromMarkdown: (markdown) => {
    const { nodes } = readMarkdown(markdown);
    if (nodes.length !== 1 || nodes[0]?.type !== "thematicBreak") {
      throw new MarkdownImportError('Divider: expected a "---" line and nothing else.');
    }
    return {};
  },
});
