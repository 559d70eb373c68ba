/**
 * A video is a link with a thumbnail: email clients do not play video, and the
 * archive does not embed third-party players (no tracking before a click).
 *
 * Markdown:  [![Title](https://thumbnail)](https://video)
 *
 *            Caption, as a paragraph.
 */
import { Img, Link, Section, Text } from "react-email";
import { z } from "zod";
import { CONTENT_WIDTH } from "../../email/styles.ts";
import { emailStylesFor } from "../../email/theme.ts";
import { emailImageProps } from "../../email/image-width.ts";
import { imageUrl, LIMITS, plainText, webUrl } from "../fields.ts";
import { joinSections, plainOf, readMarkdown, write } from "../markdown-kit.ts";
import { joinText, withUrl } from "../text-kit.ts";
import { defineBlock, MarkdownImportError, type BlockProblem } from "../types.ts";
import { safeWebUrl, wideImageBox } from "../web-kit.tsx";

const videoSchema = z.object({
  url: webUrl(),
  thumbnailUrl: imageUrl(),
  title: plainText(LIMITS.headline),
  caption: plainText(LIMITS.caption),
});

export const videoBlock = defineBlock({
  type: "video",
  name: "Video",
  description: "A link to a video, shown as its thumbnail.",
  schema: videoSchema,
  defaults: () => ({ url: "", thumbnailUrl: "", title: "", caption: "" }),
  example: {
    url: "https://example.com/videos/tidal-install",
    thumbnailUrl: "https://example.com/images/tidal-install-thumb.jpg",
    title: "Lowering a tidal turbine to the seabed (4 min)",
    caption: "Filmed from the installation barge.",
  },
  checkForSend: (data) => {
    const problems: BlockProblem[] = [];
    if (!data.url) problems.push({ path: ["url"], message: "needs the video's URL" });
    if (!data.thumbnailUrl) problems.push({ path: ["thumbnailUrl"], message: "needs a thumbnail image URL" });
    if (!data.title.trim()) problems.push({ path: ["title"], message: "needs a title (it is also the thumbnail's alt text)" });
    return problems;
  },
  Email: VideoEmail,
  Web: ({ data }) => {
    const url = safeWebUrl(data.url);
    const thumbnail = safeWebUrl(data.thumbnailUrl);
    if (!url) return null;
    return (
      <figure className="block block-video">
        <a href={url} rel="noopener noreferrer" className="video-link">
          {/* eslint-disable-next-line @next/next/no-img-element -- archive images are remote and arbitrary */}
          {thumbnail ? <img src={thumbnail} alt="" loading="lazy" decoding="async" {...wideImageBox(thumbnail)} /> : null}
          <span className="video-title">▶ {data.title || "Watch the video"}</span>
        </a>
        {data.caption ? <figcaption>{data.caption}</figcaption> : null}
      </figure>
    );
  },
  toText: (data) => joinText([withUrl(`[Video: ${data.title}]`, data.url), data.caption]),
  toMarkdown: (data) =>
    joinSections([
      write({
        type: "paragraph",
        children: [{ type: "link", url: data.url, children: [{ type: "image", url: data.thumbnailUrl, alt: data.title }] }],
      }),
      data.caption && write({ type: "paragraph", children: [{ type: "text", value: data.caption }] }),
    ]),
  fromMarkdown: (markdown) => {
    const { nodes } = readMarkdown(markdown);
    const [first, caption, extra] = nodes;
    const link = first?.type === "paragraph" && first.children.length === 1 ? first.children[0] : undefined;
    const thumbnail = link?.type === "link" && link.children.length === 1 ? link.children[0] : undefined;
    if (link?.type !== "link" || thumbnail?.type !== "image" || extra) {
      throw new MarkdownImportError('Video: expected "[![Title](https://thumbnail)](https://video)" and, optionally, a caption.');
    }
    return { url: link.url, thumbnailUrl: thumbnail.url, title: thumbnail.alt ?? "", caption: caption ? plainOf(caption) : "" };
  },
});

function VideoEmail({ data, accent }: { data: z.output<typeof videoSchema>; accent?: string }) {
  const emailStyles = emailStylesFor(accent);
  const url = safeWebUrl(data.url);
  const thumbnail = safeWebUrl(data.thumbnailUrl);
  if (!url) return null;
  return (
    <Section>
      {thumbnail ? (
        <Link href={url}>
          <Img src={thumbnail} alt={`▶ ${data.title}`} {...emailImageProps(thumbnail, CONTENT_WIDTH)} />
        </Link>
      ) : null}
      <Text style={emailStyles.caption}>
        <Link href={url} style={emailStyles.link}>
          ▶ {data.title || "Watch the video"}
        </Link>
        {data.caption ? ` · ${data.caption}` : null}
      </Text>
    </Section>
  );
}
