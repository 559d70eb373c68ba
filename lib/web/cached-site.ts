import { unstable_cache } from "next/cache";
import { buildFeed, type FeedFormat } from "../archive/build-feed.ts";
import { buildSitemap } from "../archive/build-sitemap.ts";
import { listArchive, listArchiveYears } from "../archive/list-archive.ts";
import { db } from "../db/client";
import { listPublishedIssues } from "../issues/list-published-issues.ts";
import { getPublication } from "../publication/get-publication.ts";
import { getTopic, listPublicTopics } from "../topics/get-topic.ts";
import { SITE_TAG } from "./revalidate-site.ts";

/** How long a cached read lives if nothing revalidates it first (a publish or correction does). */
export const SITE_CACHE_SECONDS = 300;

/**
 * The public site's reads, cached in Next's data cache under the "site" tag:
 * a page that uses them makes no database query until a publish or a
 * correction drops them (lib/web/revalidate-site.ts), or five minutes pass.
 * The cache stores JSON, so Dates are tagged on the way in and revived on the way out.
 */
function cachedForSite<A extends unknown[], R>(name: string, read: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const cached = unstable_cache(async (...args: A) => JSON.stringify(await read(...args), keepDates), ["site", name], { tags: [SITE_TAG], revalidate: SITE_CACHE_SECONDS });
  return async (...args: A) => JSON.parse(await cached(...args), reviveDates) as R;
}

function keepDates(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

function reviveDates(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === "$date" && typeof entries[0]![1] === "string") return new Date(entries[0]![1]);
  }
  return value;
}

export const cachedPublication = cachedForSite("publication", () => getPublication(db()));
export const cachedLatestIssues = cachedForSite("latest-issues", (publicationId: string, take: number) => listPublishedIssues(db(), { publicationId, take }));
export const cachedArchiveYears = cachedForSite("archive-years", (publicationId: string, timezone: string) => listArchiveYears(db(), { publicationId, timezone }));
export const cachedArchive = cachedForSite("archive", (options: { publicationId: string; timezone: string; year?: number; page?: number }) => listArchive(db(), options));
export const cachedFeed = cachedForSite("feed", (format: FeedFormat) => buildFeed(db(), format));
export const cachedSitemap = cachedForSite("sitemap", () => buildSitemap(db()));
export const cachedPublicTopics = cachedForSite("public-topics", (publicationId: string) => listPublicTopics(db(), publicationId));
export const cachedTopic = cachedForSite("topic", (publicationId: string, slug: string) => getTopic(db(), { publicationId, slug }));
