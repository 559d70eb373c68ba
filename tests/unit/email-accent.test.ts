import { describe, expect, it } from "vitest";
import IssueEmail from "../../emails/issue.tsx";
import { renderSystemEmail } from "../../lib/email/send-system-email.ts";
import { quoteBlock } from "../../lib/blocks/quote/index.tsx";
import { colors } from "../../lib/email/styles.ts";
import { personalizeEmail, renderIssueEmail } from "../../lib/issues/render-issue-email.ts";
import { brandCss, SITE_DARK_BACKGROUND } from "../../lib/publication/brand-css.ts";
import { contrastRatio, lightenForDark } from "../../lib/text/contrast-ratio.ts";
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
  it("sets the accent as chosen for the light scheme and lightened to read on the dark one; nothing for an empty or malformed colour", () => {
    const dark = lightenForDark("#7a1fa2", SITE_DARK_BACKGROUND);
    expect(brandCss("#7a1fa2")).toBe(`@media (prefers-color-scheme: light) {\n  :root { --accent: #7a1fa2; }\n}\n@media (prefers-color-scheme: dark) {\n  :root { --accent: ${dark}; }\n}\n`);
    for (const colour of ["", "red", "#7a1fa2;} body{display:none", "#7A1FA2"]) expect(brandCss(colour)).not.toContain("--accent");
  });
});

describe("an accent lightened for a dark scheme", () => {
  it("is mixed with white just enough to read on the dark background, keeping its hue", () => {
    const dark = lightenForDark("#7a1fa2", SITE_DARK_BACKGROUND);
    expect(contrastRatio("#7a1fa2", SITE_DARK_BACKGROUND)).toBeLessThan(4.5);
    expect(contrastRatio(dark, SITE_DARK_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
    // It is the colour mixed with white in some 5% step, and one step less would not read: the least mixing that does.
    const mix = (hex: string, step: number) => `#${[1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)).map((value) => Math.round(value + ((255 - value) * step) / 20).toString(16).padStart(2, "0")).join("")}`;
    const step = Array.from({ length: 21 }, (_, n) => n).find((n) => mix("#7a1fa2", n) === dark);
    expect(step).toBeGreaterThan(0);
    expect(contrastRatio(mix("#7a1fa2", step! - 1), SITE_DARK_BACKGROUND)).toBeLessThan(4.5);
    // Already light enough: unchanged. Black ends at white, the most there is.
    expect(lightenForDark("#ffd700", SITE_DARK_BACKGROUND)).toBe("#ffd700");
    expect(contrastRatio(lightenForDark("#000000", SITE_DARK_BACKGROUND), SITE_DARK_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
  });

  it("colours the issue email's links in dark mode, where the client honours it", async () => {
    const html = personalizeEmail(await renderIssueEmail({ ...view, publication: { ...view.publication, accentColor: ACCENT } }), links).html;
    expect(html).toContain(`.card a { color: ${lightenForDark(ACCENT, "#161b22")} !important; }`);
    expect(personalizeEmail(await renderIssueEmail(view), links).html).toContain(".card a { color: #79b8ff !important; }");
  });
});
