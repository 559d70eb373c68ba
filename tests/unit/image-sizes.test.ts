import { createElement } from "react";
import { describe, expect, it } from "vitest";
import IssueEmail from "../../emails/issue.tsx";
import { personalizeEmail, renderIssueEmail } from "../../lib/issues/render-issue-email.ts";
import { emailImageProps } from "../../lib/email/image-width.ts";
import { CONTENT_WIDTH } from "../../lib/email/styles.ts";
import { imageBlock } from "../../lib/blocks/image/index.tsx";
import { renderStaticHtml } from "../../lib/web/render-static-html.ts";
import { scanHtml } from "../helpers/html.ts";

const { links, ...view } = IssueEmail.PreviewProps;
const HASH = "a".repeat(64);
const logo = `https://news.example.com/media/${HASH}-240x80.png`;
const photo = `https://news.example.com/media/${HASH}-1200x800.jpg`;
const remote = "https://example.com/images/chart.png";

describe("the width an email draws an image at", () => {
  it("is an uploaded image's own width when narrower than the column, else the column; a remote image gets the column", () => {
    expect(emailImageProps(logo, CONTENT_WIDTH)).toMatchObject({ width: 240, style: { width: "240px", maxWidth: "240px" } });
    expect(emailImageProps(photo, CONTENT_WIDTH)).toMatchObject({ width: CONTENT_WIDTH, style: { width: "100%", maxWidth: `${CONTENT_WIDTH}px` } });
    expect(emailImageProps(remote, CONTENT_WIDTH)).toMatchObject({ width: CONTENT_WIDTH, style: { width: "100%" } });
    // A look-alike path that is no upload's name is a remote image.
    expect(emailImageProps(`https://news.example.com/media/${HASH}.png`, CONTENT_WIDTH).width).toBe(CONTENT_WIDTH);
  });

  it("shows in the rendered issue: a logo keeps its width, a photo fills the column", async () => {
    const blocks = [
      { type: "image" as const, data: { src: logo, alt: "Our logo", caption: "", credit: "" } },
      { type: "image" as const, data: { src: photo, alt: "A photo", caption: "", credit: "" } },
    ];
    const { html } = personalizeEmail(await renderIssueEmail({ ...view, blocks }), links);
    const images = scanHtml(html).elements.filter((element) => element.tagName === "img" && element.attrs.some((a) => a.name === "src" && (a.value === logo || a.value === photo)));
    const attr = (element: (typeof images)[number], name: string) => element.attrs.find((a) => a.name === name)?.value;
    expect(images.map((image) => [attr(image, "alt"), attr(image, "width")])).toEqual([
      ["Our logo", "240"],
      ["A photo", String(CONTENT_WIDTH)],
    ]);
    expect(attr(images[0]!, "style")).toContain("width:240px");
  });
});

describe("the box the web page gives a full-width image", () => {
  it("is an uploaded image's own size, so it keeps its shape; a remote image gets the wide 16:9 box", async () => {
    const sizes = async (src: string) => {
      const html = await renderStaticHtml(createElement(imageBlock.Web, { data: { src, alt: "x", caption: "", credit: "" } }));
      const img = scanHtml(html).elements.find((element) => element.tagName === "img")!;
      return ["width", "height"].map((name) => img.attrs.find((a) => a.name === name)?.value);
    };
    expect(await sizes(logo)).toEqual(["240", "80"]);
    expect(await sizes(photo)).toEqual(["1200", "800"]);
    expect(await sizes(remote)).toEqual(["1200", "675"]);
  });
});

