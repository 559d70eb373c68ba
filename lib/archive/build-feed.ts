import { Feed } from "feed";
import { createElement } from "react";
import { IssueBlocks } from "../../components/issue/issue-blocks.tsx";
import { parseEachBlock } from "../blocks/parse-blocks.ts";
import type { Database } from "../db/client";
import { issueUrl } from "../issues/issue-path.ts";
import { blockDataForWeb, issueTextForWeb, PUBLISHED_ISSUE, WEB_BLOCK } from "../issues/published.ts";
import { getPublication } from "../publication/get-publication.ts";
import { stripControlCharacters } from "../text/control-characters.ts";
import { escapeHtml } from "../text/escape-html.ts";
import { absoluteUrls } from "../web/absolute-urls.ts";
import { renderStaticHtml } from "../web/render-static-html.ts";

export const FEED_FORMATS = { rss: "application/rss+xml", atom: "application/atom+xml", json: "application/feed+json" } as const;
export type FeedFormat = keyof typeof FEED_FORMATS;

/** Feed readers show the newest; the archive has the rest. */
const FEED_ISSUES = 20;

export function feedPaths(siteUrl: string) {
  return { rss: `${siteUrl}/feed.xml`, atom: `${siteUrl}/atom.xml`, json: `${siteUrl}/feed.json` };
}

/**
 * RSS 2.0, Atom 1.0 or JSON Feed 1.1 of the latest published issues, with
 * their full content drawn by the web renderers, written by the `feed`
 * library. Null before setup. Nothing it writes carries a control character
 * XML forbids, which the `feed` library would write as they are, making the
 * whole feed unreadable: blocks drop them as they are parsed
 * (lib/blocks/fields.ts), and the rest is stripped here, stored text included.
 */
export async function buildFeed(prisma: Database, format: FeedFormat): Promise<string | null> {
  const publication = await getPublication(prisma);
  if (!publication) return null;
  const issues = await prisma.issue.findMany({
    where: { publicationId: publication.id, ...PUBLISHED_ISSUE },
    orderBy: { number: "desc" },
    take: FEED_ISSUES,
    include: { blocks: { where: WEB_BLOCK, orderBy: { position: "asc" }, select: { type: true, data: true } } },
  });
  const siteUrl = publication.siteUrl;
  const feed = new Feed({
    id: `${siteUrl}/`,
    title: stripControlCharacters(publication.name),
    description: stripControlCharacters(publication.description) || undefined,
    link: `${siteUrl}/`,
    language: "en",
    updated: issues[0]?.publishedAt ?? publication.updatedAt,
    generator: "Weekly",
    feedLinks: feedPaths(siteUrl),
    author: { name: stripControlCharacters(publication.senderName), link: `${siteUrl}/` },
    copyright: `© ${stripControlCharacters(publication.name)}`,
  });
  for (const stored of issues) {
    const issue = issueTextForWeb({ ...stored, title: stripControlCharacters(stored.title), preheader: stripControlCharacters(stored.preheader) });
    const { valid } = parseEachBlock(blockDataForWeb(issue.blocks));
    const link = issueUrl(siteUrl, issue);
    // A block that no longer fits its schema is our bug: it is left out, as on the issue's page
    // (lib/issues/get-published-issue.ts, which logs it), and the rest of the issue is carried.
    // Read in a feed reader, the page's "#" heading links would show as stray "#"s pointing at the feed's
    // address: they are left out, and any other relative link is made absolute against the issue's page.
    const blocks = valid.map((entry) => entry.block);
    // Drawn from blocks already cleaned; stripped again so nothing a renderer adds can carry one either.
    const content = stripControlCharacters(absoluteUrls(await renderStaticHtml(createElement(IssueBlocks, { blocks, permalinks: false })), link));
    // The library writes an item's title and summary as HTML (Atom's type="html", RSS's CDATA, which
    // readers render), while ours are plain text: "Q&A <b>" must reach the reader as those characters.
    // JSON Feed's title and summary are plain text by its spec, so they go as they are.
    const text = (plain: string) => (format === "json" ? plain : escapeHtml(plain));
    feed.addItem({
      title: text(issue.title),
      id: link,
      link,
      date: issue.publishedAt!,
      published: issue.publishedAt!,
      description: issue.preheader ? text(issue.preheader) : undefined,
      content,
    });
  }
  return format === "rss" ? feed.rss2() : format === "atom" ? feed.atom1() : feed.json1();
}
