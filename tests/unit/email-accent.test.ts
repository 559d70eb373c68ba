import { describe, expect, it } from "vitest";
import IssueEmail from "../../emails/issue.tsx";
import { renderSystemEmail } from "../../lib/email/send-system-email.ts";
import { quoteBlock } from "../../lib/blocks/quote/index.tsx";
import { colors } from "../../lib/email/styles.ts";
import { personalizeEmail, renderIssueEmail } from "../../lib/issues/render-issue-email.ts";
import { brandCss } from "../../lib/publication/brand-css.ts";
import { scanHtml } from "../helpers/html.ts";

const { links, ...view } = IssueEmail.PreviewProps;
const ACCENT = "#7a1fa2";

/** The inline colours of the rendered elements, by tag: what a mail client draws. */
function coloursOf(html: string) {
  const found = { links: new Set<string>(), headings: new Set<string>(), rules: new Set<string>() };
  for (const element of scanHtml(html).elements) {
    const style = element.attrs.find((a) => a.name === "style")?.value ?? "";
    const colour = /(?:^|;)color:(#[0-9a-f]{6})/i.exec(style)?.[1]?.toLowerCase();
    if (element.tagName === "a" && colour) found.links.add(colour);
    if (element.tagName === "h2" && colour) found.headings.add(colour);
    const rule = /border-left:3px solid (#[0-9a-f]{6})/i.exec(style)?.[1];
    if (rule) found.rules.add(rule.toLowerCase());
  }
  return found;
}

describe("the accent colour in email", () => {
  it("colours every link, section title and quote rule of the issue, the layout's own links too", async () => {
    // The demo issue and a quote, for a block with a rule.
    const blocks = [...view.blocks, { type: "quote" as const, data: quoteBlock.example }];
    const branded = personalizeEmail(await renderIssueEmail({ ...view, blocks, publication: { ...view.publication, accentColor: ACCENT } }), links);
    const found = coloursOf(branded.html);
    expect([...found.links]).toEqual([ACCENT]);
    expect([...found.headings]).toEqual([ACCENT]);
    expect([...found.rules]).toEqual([ACCENT]);
  });

  it("keeps the built-in colours without one, or with one that is not #rrggbb", async () => {
    for (const accentColor of [undefined, "", "red;background:url(x)"]) {
      const html = personalizeEmail(await renderIssueEmail({ ...view, publication: { ...view.publication, accentColor } }), links).html;
      const found = coloursOf(html);
      expect([...found.links]).toEqual([colors.link]);
      expect([...found.headings]).toEqual([colors.accent]);
      expect(html).not.toContain("url(x)");
    }
  });

  it("colours the system emails' links and button", async () => {
    const { html } = await renderSystemEmail({ name: "Grid Notes", accentColor: ACCENT }, { heading: "Welcome", paragraphs: [], markdown: "Read [the archive](https://gridnotes.example/archive).", action: { label: "Confirm", url: "https://gridnotes.example/confirm?token=x" } });
    expect([...coloursOf(html).links].filter((colour) => colour !== colors.card)).toEqual([ACCENT]);
    expect(html).toMatch(new RegExp(`background-color:${ACCENT}`, "i"));
  });
});

describe("the site's /brand.css", () => {
  it("sets the accent for the light scheme only, and nothing for an empty or malformed colour", () => {
    expect(brandCss("#7a1fa2")).toBe("@media (prefers-color-scheme: light) {\n  :root { --accent: #7a1fa2; }\n}\n");
    for (const colour of ["", "red", "#7a1fa2;} body{display:none", "#7A1FA2"]) expect(brandCss(colour)).not.toContain("--accent");
  });
});
