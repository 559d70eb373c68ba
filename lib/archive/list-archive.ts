import type { Database } from "../db/client";
import { issueTextForWeb, PUBLISHED_ISSUE } from "../issues/published.ts";
import { localTimeToUtc } from "../time/local-time-to-utc.ts";
import { clampPage } from "../web/clamp-page.ts";

export const ARCHIVE_PER_PAGE = 20;
/**
 * Pages past this are clamped to it: a page number comes from the URL, and one such as 1e20 or
 * Infinity makes an OFFSET no query can take. 200,000 issues, which no weekly reaches.
 */
export const ARCHIVE_PAGE_MAX = 10_000;

/** Years that have issues, newest first, counted in the publication's time zone: the issues the archive lists (PUBLISHED_ISSUE's condition). */
export async function listArchiveYears(prisma: Database, { publicationId, timezone }: { publicationId: string; timezone: string }) {
  const rows = await prisma.$queryRaw<{ year: number; count: bigint }[]>`
    SELECT EXTRACT(YEAR FROM ("publishedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timezone})::int AS year, count(*) AS count
    FROM "Issue"
    WHERE "publicationId" = ${publicationId} AND "status" IN ('sent', 'partially_failed') AND "publishedAt" IS NOT NULL AND "channel" <> 'email_only'
    GROUP BY 1 ORDER BY 1 DESC`;
  return rows.map((row) => ({ year: row.year, count: Number(row.count) }));
}

/** One page of the archive, newest first, optionally one year's issues only. */
export async function listArchive(prisma: Database, options: { publicationId: string; timezone: string; year?: number; page?: number }) {
  const page = clampPage(options.page, ARCHIVE_PAGE_MAX);
  const range = options.year ? yearRange(options.year, options.timezone) : null;
  const where = { publicationId: options.publicationId, ...PUBLISHED_ISSUE, ...(range ? { publishedAt: { gte: range.from, lt: range.to } } : {}) };
  const [issues, total] = await Promise.all([
    prisma.issue.findMany({
      where,
      orderBy: { number: "desc" },
      skip: (page - 1) * ARCHIVE_PER_PAGE,
      take: ARCHIVE_PER_PAGE,
      select: { id: true, number: true, title: true, slug: true, preheader: true, publishedAt: true },
    }),
    prisma.issue.count({ where }),
  ]);
  return { issues: issues.map(issueTextForWeb), total, page, pages: Math.max(1, Math.ceil(total / ARCHIVE_PER_PAGE)) };
}

/** The instants a calendar year starts and ends in `timeZone`. */
function yearRange(year: number, timeZone: string) {
  return { from: localTimeToUtc(`${year}-01-01T00:00`, timeZone)!, to: localTimeToUtc(`${year + 1}-01-01T00:00`, timeZone)! };
}
