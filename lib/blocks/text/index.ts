import { richTextBlock } from "../rich-text-block.tsx";

/** Paragraphs that belong to no story; importers put whatever they cannot classify here. */
export const textBlock = richTextBlock({
  type: "text",
  name: "Text",
  description: "Paragraphs and lists that belong to no story.",
  example: {
    text: "A plain section of text, for anything that is not a story.\n\n1. It can hold lists\n2. and [links](https://example.com).",
  },
});
