import { describe, expect, it } from "vitest";
import IssueEmail from "../../emails/issue.tsx";
import { personalizeEmail, renderIssueEmail } from "../../lib/issues/render-issue-email.ts";
import { htmlText, scanHtml, textOf } from "../helpers/html.ts";

const { links: previewLinks, ...view } = IssueEmail.PreviewProps;
const ada = { unsubscribeUrl: "https://gridnotes.example/unsubscribe?token=ada-123", preferencesUrl: "https://gridnotes.example/preferences?token=ada-123" };
const bob = { unsubscribeUrl: "https://gridnotes.example/unsubscribe?token=bob-456", preferencesUrl: "https://gridnotes.example/preferences?token=bob-456" };

describe("the issue email", async () => {
  const rendered = await renderIssueEmail(view);
  const forAda = personalizeEmail(rendered, ada);
  const forBob = personalizeEmail(rendered, bob);

  it("has the preheader, a header with name, number, date and a view-in-browser link", () => {
    const text = htmlText(forAda.html);
    expect(text).toContain(view.issue.preheader);
    expect(text).toContain(`${view.publication.name} · Issue #${view.issue.number} · 16 November 2026`);
    const viewInBrowser = scanHtml(forAda.html).elements.find((element) => element.tagName === "a" && textOf(element) === "View in browser");
    expect(viewInBrowser?.attrs.find((attribute) => attribute.name === "href")?.value).toBe(view.issue.webUrl);
    expect(forAda.subject).toBe(view.issue.title);
  });

  it("has a footer with the reason, the postal address and each recipient's own links", () => {
    const text = htmlText(forAda.html);
    expect(text).toContain(`You are receiving this email because you subscribed to ${view.publication.name}`);
    expect(text).toContain(view.publication.postalAddress);
    expect(hrefs(forAda.html)).toEqual(expect.arrayContaining([ada.unsubscribeUrl, ada.preferencesUrl]));
    expect(hrefs(forBob.html)).toEqual(expect.arrayContaining([bob.unsubscribeUrl, bob.preferencesUrl]));
    expect(forBob.html).not.toContain("ada-123");
    expect(forAda.text).toContain(`Unsubscribe: ${ada.unsubscribeUrl}`);
    expect(forAda.html).not.toMatch(/\{\{\w+\.[0-9a-f]+\}\}/);
  });

  it("is built for mail clients: tables, inline styles, 600 px, images with width and alt", () => {
    const { elements } = scanHtml(forAda.html);
    expect(elements.filter((element) => element.tagName === "table").length).toBeGreaterThan(3);
    expect(elements.some((element) => element.tagName === "link")).toBe(false);
    const container = elements.find((element) => element.attrs.some((a) => a.name === "style" && a.value.includes("max-width:600px")));
    expect(container).toBeDefined();
    const images = elements.filter((element) => element.tagName === "img");
    for (const image of images) {
      expect(image.attrs.find((a) => a.name === "width")?.value).toMatch(/^\d+$/);
      expect(image.attrs.find((a) => a.name === "alt")?.value).toBeTruthy();
    }
    expect(forAda.html).toContain('name="color-scheme" content="light dark"');
    // One title, the issue's (react-email's Preview would add the preheader as a second).
    expect(elements.filter((element) => element.tagName === "title").map((element) => textOf(element))).toEqual([view.issue.title]);
    expect(rendered.htmlBytes).toBeLessThan(102 * 1024);
  });

  it("has every story, research item and source of the issue, in HTML and in text", () => {
    for (const block of view.blocks) {
      if (block.type === "roundup") for (const story of block.data.stories) expect(forAda.text).toContain(story.headline);
      if (block.type === "noteworthy") for (const item of block.data.items) expect(htmlText(forAda.html)).toContain(`${item.text} — ${item.source}`);
    }
  });

  it("has a plain-text part with underlined headings and links as text (url)", () => {
    const lines = forAda.text.split("\n");
    const titleLine = lines.indexOf(view.issue.title);
    expect(lines[titleLine + 1]).toBe("=".repeat([...view.issue.title].length));
    expect(forAda.text).toContain("WEEKLY NEWS ROUNDUP\n===================");
    expect(forAda.text).toMatch(/ — Example Energy Daily \(https:\/\/example\.com\/a\/pumped-hydro\)/);
    expect(forAda.text).not.toMatch(/<[a-z]/i);
  });

  it("renders the same email for the same recipient every time", async () => {
    expect(personalizeEmail(await renderIssueEmail(view), ada).html).toBe(forAda.html);
    expect(previewLinks.unsubscribeUrl).not.toBe(ada.unsubscribeUrl);
  });
});

function hrefs(html: string): string[] {
  return scanHtml(html).elements.flatMap((element) => element.attrs.filter((a) => a.name === "href").map((a) => a.value));
}
