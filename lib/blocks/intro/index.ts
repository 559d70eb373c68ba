import { richTextBlock } from "../rich-text-block.tsx";

/** The editor's note that opens an issue. */
export const introBlock = richTextBlock({
  type: "intro",
  name: "Intro",
  description: "The editor's note that opens the issue.",
  example: {
    text: "This week: a tidal array that ran all winter, and why **predictable** beats cheap. As always, [reply](mailto:editor@example.com) with tips.",
  },
});
