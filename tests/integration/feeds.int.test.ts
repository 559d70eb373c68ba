import { parseFeed } from "@rowanmanning/feed-parser";
import { beforeEach, describe, expect, it } from "vitest";
import { buildSitemap } from "@/lib/archive/build-sitemap";
import { buildFeed } from "@/lib/archive/build-feed";
import { demoIssues } from "@/lib/demo/issues";
import { seedDemoContent } from "@/lib/demo/seed-demo";
import { resetDatabase, testDb } from "../helpers/db";
import { htmlText, scanHtml } from "../helpers/html";

const prisma = testDb();
beforeEach(resetDatabase);

const createPublicationForFeed = () => prisma.publication.create({ data: { name: "Feed Weekly", siteUrl: "https://news.example.com", senderName: "Feed", senderEmail: "feed@news.example.com" } });

/** The content of the first item's (or entry's) `element`, its CDATA sections joined: what a reader takes for HTML. */
function htmlInElement(xml: string, element: string): string {
  const item = xml.slice(xml.search(/<(item|entry)>/));
  const match = new RegExp(`<${element}(?: [^>]*)?>((?:<!\\[CDATA\\[[\\s\\S]*?\\]\\]>)+)</${element}>`).exec(item);
  if (!match) throw new Error(`no <${element}> with CDATA in ${item.slice(0, 300)}`);
  return match[1]!.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1");
}

/**
 * What a strict XML 1.0 parser requires of every character (the spec's `Char` production): none of the
 * parsers installed here (sax, fast-xml-parser, the feed parser) checks it, so the test does.
 */
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

/** A sent, published issue as stored (blocks written straight, as an older version of the app may have left them). */
function storePublishedIssue(publicationId: string, issue: { number: number; title: string; slug: string; preheader?: string; blocks?: { type: string; data: object }[] }) {
  const { blocks = [], ...fields } = issue;
  return prisma.issue.create({
    data: { publicationId, ...fields, status: "sent", sentAt: new Date(), publishedAt: new Date(), blocks: { create: blocks.map((block, position) => ({ position, ...block })) } },
  });
}

const sent = demoIssues.filter((issue) => issue.status === "sent").sort((a, b) => b.number - a.number);

describe("feeds (read back by an independent parser)", () => {
  it("RSS 2.0 and Atom list the published issues, newest first, with full content and absolute links", async () => {
    await seedDemoContent(prisma);
    const publication = await prisma.publication.findFirstOrThrow();
    for (const format of ["rss", "atom"] as const) {
      const feed = parseFeed((await buildFeed(prisma, format))!);
      expect(feed.title, format).toBe(publication.name);
      expect(feed.items.map((item) => item.title), format).toEqual(sent.map((issue) => issue.title));
      const [newest] = feed.items;
      expect(newest!.url, format).toBe(`${publication.siteUrl}/issues/${sent[0]!.number}-${sent[0]!.slug}`);
      expect(newest!.published, format).toBeInstanceOf(Date);
      // Full content: a story headline from deep in the issue, as HTML.
      const roundup = sent[0]!.blocks.find((block) => block.type === "roundup");
      const headline = roundup && "stories" in roundup.data ? roundup.data.stories[0]!.headline : "";
      expect(headline).not.toBe("");
      expect(newest!.content ?? newest!.description, format).toContain(headline.replace(/&/g, "&amp;"));
    }
  });

  it("JSON Feed has the same items", async () => {
    await seedDemoContent(prisma);
    const feed = JSON.parse((await buildFeed(prisma, "json"))!) as { version: string; items: { title: string; url: string; content_html: string }[] };
    expect(feed.version).toMatch(/^https:\/\/jsonfeed.org\/version\/1/);
    expect(feed.items.map((item) => item.title)).toEqual(sent.map((issue) => issue.title));
    expect(feed.items[0]!.content_html).toContain("<h3");
  });

  it("never shows drafts, and escapes what authors typed", async () => {
    await seedDemoContent(prisma);
    const publication = await prisma.publication.findFirstOrThrow();
    await storePublishedIssue(publication.id, { number: 50, title: "A <script>alert(1)</script> title", slug: "xss", blocks: [{ type: "intro", data: { text: "Hello <img src=x onerror=alert(1)>" } }] });
    const rss = (await buildFeed(prisma, "rss"))!;
    expect(rss).not.toContain("Draft: ");
    expect(parseFeed(rss).items[0]!.title).toBe("A <script>alert(1)</script> title");
    // The HTML inside the feed has the author's markup as text; nothing of it is an element.
    expect(rss).toContain("<p>Hello &lt;img src=x onerror=alert(1)&gt;</p>");
    expect(rss).not.toContain("<img src=x");
    const drafts = demoIssues.filter((issue) => issue.status === "draft").map((issue) => issue.title);
    for (const title of drafts) expect(rss).not.toContain(title);
  });

  it("sends titles and summaries as text: RSS and Atom carry them as HTML, so what looks like markup arrives escaped", async () => {
    const publication = await createPublicationForFeed();
    const title = `Q&A <b>bold</b> & "quotes" ]]> it's`;
    const preheader = "Tides <i>and</i> grids & more";
    await storePublishedIssue(publication.id, { number: 1, title, preheader, slug: "qa" });
    for (const format of ["rss", "atom"] as const) {
      const xml = (await buildFeed(prisma, format))!;
      // Both formats say these two are HTML (Atom's type="html", RSS readers' reading of CDATA): read as a reader's HTML parser would.
      for (const [element, text] of [["title", title], [format === "rss" ? "description" : "summary", preheader]] as const) {
        const html = htmlInElement(xml, element);
        expect(scanHtml(html).elements.map((node) => node.tagName).filter((tag) => !["html", "head", "body"].includes(tag)), `${format} ${element}`).toEqual([]);
        expect(htmlText(html), `${format} ${element}`).toBe(text);
      }
    }
    // JSON Feed's title and summary are plain text by its spec: as typed.
    const json = JSON.parse((await buildFeed(prisma, "json"))!) as { items: { title: string; summary: string }[] };
    expect(json.items[0]).toMatchObject({ title, summary: preheader });
  });

  it("shows greetings for nobody in particular: the fallback, or nothing", async () => {
    const publication = await createPublicationForFeed();
    await storePublishedIssue(publication.id, { number: 1, title: "{{name|Friend}}, the week in tides", slug: "week", blocks: [{ type: "intro", data: { text: "Hi {{name|there}}, this copy is for {{email}}." } }] });
    const item = parseFeed((await buildFeed(prisma, "rss"))!).items[0]!;
    expect(item.title).toBe("Friend, the week in tides");
    expect(item.content).toContain("Hi there, this copy is for .");
  });

  it("leaves out a stored block that no longer passes its schema, as the issue's page does, and carries the rest", async () => {
    const publication = await createPublicationForFeed();
    await storePublishedIssue(publication.id, {
      number: 1,
      title: "Tides",
      slug: "tides",
      blocks: [
        { type: "intro", data: { text: "Kept before." } },
        { type: "image", data: { src: "javascript:alert(1)", alt: "x", caption: "", credit: "" } },
        { type: "intro", data: { text: "Kept after." } },
      ],
    });
    const content = parseFeed((await buildFeed(prisma, "rss"))!).items[0]!.content ?? "";
    expect(htmlText(content)).toContain("Kept before.");
    expect(htmlText(content)).toContain("Kept after.");
    expect(content).not.toContain("javascript:");
  });

  it("carries no heading permalinks, and only absolute links: a reader resolves relative ones against the feed", async () => {
    await seedDemoContent(prisma);
    const json = JSON.parse((await buildFeed(prisma, "json"))!) as { items: { url: string; content_html?: string }[] };
    const contents = {
      rss: parseFeed((await buildFeed(prisma, "rss"))!).items.map((item) => item.content ?? ""),
      atom: parseFeed((await buildFeed(prisma, "atom"))!).items.map((item) => item.content ?? ""),
      json: json.items.map((item) => item.content_html ?? ""),
    };
    for (const [format, items] of Object.entries(contents)) {
      expect(items.length, format).toBe(sent.length);
      // The demo's stories have anchors (the web page's "#" links): none of them reach the feed.
      expect(items.join("").match(/<h3/g)?.length, format).toBeGreaterThan(0);
      for (const html of items) {
        expect(html, format).not.toContain('class="anchor"');
        expect(html, format).not.toContain('href="#');
        const links = scanHtml(html).elements.flatMap((element) => element.attrs.filter((attribute) => attribute.name === "href" || attribute.name === "src"));
        for (const link of links) expect(link.value, format).toMatch(/^(https?|mailto):/);
      }
    }
    expect(JSON.stringify(json)).not.toContain('class=\\"anchor\\"');
  });

  it("stays valid XML when stored text holds control characters XML forbids (a pasted soft line break, a backspace, an escape)", async () => {
    const publication = await createPublicationForFeed();
    // Stored before saves dropped them (or written around the app): the feed keeps them out all the same.
    await storePublishedIssue(publication.id, {
      number: 1,
      title: "Tides\u000Band grids",
      preheader: "Sea\u0008 walls\u001B",
      slug: "tides",
      blocks: [
        { type: "intro", data: { text: "Line one\u000Bline two\uFFFE." } },
        { type: "quote", data: { text: "Said\u000C twice\uFFFF", attribution: "A\u0001 source" } },
      ],
    });
    for (const format of ["rss", "atom"] as const) {
      const xml = (await buildFeed(prisma, format))!;
      expect(XML_CHAR.test(xml), `${format} has a character XML 1.0 forbids: ${JSON.stringify(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(xml)?.[0])}`).toBe(true);
      const item = parseFeed(xml).items[0]!;
      // The soft line break reads as the space it looked like; the rest are gone, and the blocks holding them are carried.
      expect(item.title, format).toBe("Tides and grids");
      expect(htmlText(item.content ?? ""), format).toContain("Line one line two.");
      expect(htmlText(item.content ?? ""), format).toContain("Said twice");
      expect(htmlText(item.content ?? ""), format).toContain("A source");
    }
    const json = JSON.parse((await buildFeed(prisma, "json"))!) as { items: { title: string; summary: string; content_html: string }[] };
    expect(json.items[0]).toMatchObject({ title: "Tides and grids", summary: "Sea walls" });
    expect(json.items[0]!.content_html).toContain("Line one line two.");
  });

  it("is null before there is a publication", async () => {
    expect(await buildFeed(prisma, "rss")).toBeNull();
  });
});

describe("sitemap.xml and robots.txt", () => {
  it("lists the home page and the published issues, and keeps crawlers out of the editor", async () => {
    const { default: robots } = await import("@/app/robots");
    await seedDemoContent(prisma);
    const publication = await prisma.publication.findFirstOrThrow();
    const urls = (await buildSitemap(prisma)).map((entry) => entry.url);
    expect(urls).toEqual([`${publication.siteUrl}/`, ...sent.map((issue) => `${publication.siteUrl}/issues/${issue.number}-${issue.slug}`)]);
    const rules = await robots();
    expect(rules.sitemap).toBe(`${publication.siteUrl}/sitemap.xml`);
    expect(rules.rules).toMatchObject({ disallow: expect.arrayContaining(["/editor", "/api/"]) });
  });
});
