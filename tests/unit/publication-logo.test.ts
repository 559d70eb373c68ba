import { describe, expect, it } from "vitest";
import IssueEmail from "../../emails/issue.tsx";
import { renderSystemEmail } from "../../lib/email/send-system-email.ts";
import { LOGO_BOX, logoSize } from "../../lib/email/image-width.ts";
import { personalizeEmail, renderIssueEmail } from "../../lib/issues/render-issue-email.ts";
import { renderWelcomeEmail } from "../../lib/subscribers/welcome-email.ts";
import { scanHtml } from "../helpers/html.ts";

const { links, ...view } = IssueEmail.PreviewProps;
const upload = (width: number, height: number) => `https://gridnotes.example/media/${"b".repeat(64)}-${width}x${height}.png`;

function logoIn(html: string, src: string) {
  const found = scanHtml(html).elements.filter((element) => element.tagName === "img" && element.attrs.some((a) => a.name === "src" && a.value === src));
  const attr = (name: string) => found[0]?.attrs.find((a) => a.name === name)?.value;
  return { count: found.length, alt: attr("alt"), width: attr("width"), height: attr("height") };
}

describe("the publication's logo in email", () => {
  it("fits an upload into the header's box at half its pixels, keeping its shape; a remote one gets the box's height", () => {
    expect(logoSize(upload(400, 120))).toEqual({ width: 200, height: 60 });
    expect(logoSize(upload(1200, 300))).toEqual({ width: LOGO_BOX.width, height: 60 });
    expect(logoSize(upload(300, 600))).toEqual({ width: 32, height: LOGO_BOX.height });
    expect(logoSize(upload(60, 20))).toEqual({ width: 30, height: 10 });
    expect(logoSize("https://cdn.example.com/logo.png")).toEqual({ height: LOGO_BOX.height });
  });

  it("heads the issue email, named by the publication's name and linking to its site, and is absent without one", async () => {
    const src = upload(400, 120);
    const withLogo = personalizeEmail(await renderIssueEmail({ ...view, publication: { ...view.publication, logoUrl: src } }), links);
    expect(logoIn(withLogo.html, src)).toEqual({ count: 1, alt: view.publication.name, width: "200", height: "60" });
    const link = scanHtml(withLogo.html).elements.find((element) => element.tagName === "a" && element.childNodes.some((child) => "tagName" in child && child.tagName === "img"));
    expect(link?.attrs.find((a) => a.name === "href")?.value).toBe(view.publication.siteUrl);
    const without = personalizeEmail(await renderIssueEmail(view), links);
    expect(scanHtml(without.html).elements.filter((element) => element.tagName === "img" && element.attrs.some((a) => a.name === "src" && a.value.includes("/media/")))).toEqual([]);
    // A value that is not a web URL never reaches the HTML (settings refuse it; the layout checks again).
    const forged = personalizeEmail(await renderIssueEmail({ ...view, publication: { ...view.publication, logoUrl: "javascript:alert(1)" } }), links);
    expect(forged.html).not.toContain("javascript:");
  });

  it("heads the confirmation and welcome emails too", async () => {
    const src = upload(400, 120);
    const confirmation = await renderSystemEmail({ name: "Grid Notes", logoUrl: src }, { heading: "Confirm", paragraphs: ["Click below."] });
    expect(logoIn(confirmation.html, src)).toMatchObject({ count: 1, alt: "Grid Notes" });
    const welcome = await renderWelcomeEmail({ name: "Grid Notes", description: "", siteUrl: "https://gridnotes.example", welcomeSubject: "", welcomeBody: "", logoUrl: src }, { name: "Ada", email: "ada@example.com" }, "https://gridnotes.example/preferences?token=x");
    expect(logoIn(welcome.html, src)).toMatchObject({ count: 1, alt: "Grid Notes" });
    expect(logoIn((await renderSystemEmail({ name: "Grid Notes" }, { heading: "Confirm", paragraphs: [] })).html, src).count).toBe(0);
  });
});
