/**
 * Markdown:  ![alt](https://src "credit")
 *
 *            Caption, as a paragraph.
 */
import { Img, Section, Text } from "react-email";
import { z } from "zod";
import { CONTENT_WIDTH, emailStyles } from "../../email/styles.ts";
import { emailImageProps } from "../../email/image-width.ts";
import { imageUrl, LIMITS, plainText } from "../fields.ts";
import { joinSections, plainOf, readImage, readMarkdown, write, writeImage } from "../markdown-kit.ts";
import { joinText } from "../text-kit.ts";
import { defineBlock, MarkdownImportError, type BlockProblem } from "../types.ts";
import { safeWebUrl, wideImageBox } from "../web-kit.tsx";

const imageSchema = z.object({
  src: imageUrl(),
  alt: plainText(LIMITS.alt),
  caption: plainText(LIMITS.caption),
  credit: plainText(LIMITS.source),
});
type ImageData = z.output<typeof imageSchema>;

function captionLine(data: ImageData): string {
  return [data.caption, data.credit && `Credit: ${data.credit}`].filter(Boolean).join(" · ");
}

export const imageBlock = defineBlock({
  type: "image",
  name: "Image",
  description: "A picture with required alt text, a caption and a credit.",
  schema: imageSchema,
  defaults: () => ({ src: "", alt: "", caption: "", credit: "" }),
  example: {
    src: "https://example.com/images/substation.jpg",
    alt: "A substation at dusk, transformers lit from below",
    caption: "The new substation that links the tidal array to the grid.",
    credit: "Example Grid Co.",
  },
  checkForSend: (data) => {
    const problems: BlockProblem[] = [];
    if (!data.src) problems.push({ path: ["src"], message: "needs an image URL" });
    if (!data.alt.trim()) problems.push({ path: ["alt"], message: "needs alt text, for readers who cannot see it" });
    return problems;
  },
  Email: ({ data }) => {
    const src = safeWebUrl(data.src);
    if (!src) return null;
    return (
      <Section>
        <Img src={src} alt={data.alt} {...emailImageProps(src, CONTENT_WIDTH)} />
        {captionLine(data) ? <Text style={emailStyles.caption}>{captionLine(data)}</Text> : null}
      </Section>
    );
  },
  Web: ({ data }) => {
    const src = safeWebUrl(data.src);
    if (!src) return null;
    return (
      <figure className="block block-image">
        {/* eslint-disable-next-line @next/next/no-img-element -- archive images are remote and arbitrary */}
        <img src={src} alt={data.alt} loading="lazy" decoding="async" {...wideImageBox(src)} />
        {captionLine(data) ? <figcaption>{captionLine(data)}</figcaption> : null}
      </figure>
    );
  },
  toText: (data) => joinText([`[Image: ${data.alt}]`, captionLine(data)]),
  toMarkdown: (data) =>
    joinSections([writeImage({ src: data.src, alt: data.alt, credit: data.credit }), data.caption && write({ type: "paragraph", children: [{ type: "text", value: data.caption }] })]),
  fromMarkdown: (markdown) => {
    const { nodes } = readMarkdown(markdown);
    const picture = readImage(nodes[0]);
    if (!picture || nodes.length > 2) throw new MarkdownImportError('Image: expected "![alt](https://…)" and, optionally, a caption paragraph.');
    return { src: picture.src, alt: picture.alt, credit: picture.credit, caption: nodes[1] ? plainOf(nodes[1]) : "" };
  },
});
