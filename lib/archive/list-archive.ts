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
/**
 * The years the archive can be listed by. A year comes from the URL; no weekly by email was published
 * before 1900 or will be after 2999, and a year outside 1000..9998 has no "YYYY-01-01" that
 * localTimeToUtc reads. Any other year is one with no issues, not an error.
 */
export const ARCHIVE_YEARS = { first: 1900, last: 2999 } as const;

/** Years that have issues, newest first, counted in the publication's time zone: the issues the archive lists (PUBLISHED_ISSUE's condition). */
export async function listArchiveYears(prisma: Database, { publicationId, timezone }: { publicationId: string; timezone: string }) {
  const rows = await prisma.$queryRaw<{ year: number; count: bigint }[]>`
    SELECT EXTRACT(YEAR FROM ("publishedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timezone})::int AS year, count(*) AS count
    FROM "Issue"
    WHERE "publicationId" = ${publicationId} AND "status" IN ('sent', 'partially_failed') AND "publishedAt" IS NOT NULL AND "channel" <> 'email_only'
    GROUP BY 1 ORDER BY 1 DESC`;
  return rows.map((row) => ({ year: row.year, count: Number(row.count) }));
}

/** One page of the archive, newest first, optionally one year's issues only (none for a year outside ARCHIVE_YEARS). */
export async function listArchive(prisma: Database, options: { publicationId: string; timezone: string; year?: number; page?: number }) {
  const page = clampPage(options.page, ARCHIVE_PAGE_MAX);
  const range = options.year === undefined ? undefined : yearRange(options.year, options.timezone);
  if (range === null) return { issues: [], total: 0, page, pages: 1 };
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

/** The instants a calendar year starts and ends in `timeZone`; null for a year the archive has no place for (ARCHIVE_YEARS). */
function yearRange(year: number, timeZone: string): { from: Date; to: Date } | null {
  if (!Number.isInteger(year) || year < ARCHIVE_YEARS.first || year > ARCHIVE_YEARS.last) return null;
  const from = localTimeToUtc(`${year}-01-01T00:00`, timeZone);
  const to = localTimeToUtc(`${year + 1}-01-01T00:00`, timeZone);
  return from && to ? { from, to } : null;
}
