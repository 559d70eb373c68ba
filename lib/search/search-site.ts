import type { Database } from "../db/client";
import { Prisma } from "../db/generated/client";
import { issuePath } from "../issues/issue-path.ts";
import { resolveMergeFieldsForWeb } from "../email/merge-fields.ts";
import { cutText, isStorableText } from "../text/storable-text.ts";
import { HEADLINE_OPTIONS, LESS_THAN, parseHighlighted, stripHighlightMarkers, TITLE_HEADLINE_OPTIONS, type Highlighted } from "./highlight.ts";
import { clampPage } from "../web/clamp-page.ts";

export const SEARCH_PER_PAGE = 10;
/** Longer queries are cut here: enough for any phrase, and a bound on what one request makes Postgres parse. */
export const SEARCH_QUERY_MAX = 200;
/** Pages past this are refused, and never counted in `pages`: OFFSET makes deep pages cost more, and nobody reads result 500. */
export const SEARCH_PAGE_MAX = 50;

export type SearchResult = {
  href: string;
  issue: { number: number; title: string };
  /** The story's headline (or the issue's title for the issue itself), matches marked. */
  title: Highlighted;
  snippet: Highlighted;
};

/** The query as searched: without highlight markers, trimmed, cut at SEARCH_QUERY_MAX (never inside an emoji). Empty means no search at all. */
export function searchQueryOf(raw: string): string {
  return cutText(stripHighlightMarkers(raw).trim(), SEARCH_QUERY_MAX);
}

/** The issue (`i`) is one of the publication's on its site: sent or partly so, published, not email-only. */
const onTheSite = (publicationId: string) =>
  Prisma.sql`i."publicationId" = ${publicationId} AND i."status" IN ('sent', 'partially_failed') AND i."publishedAt" IS NOT NULL AND i."channel" <> 'email_only'`;

type Row = { anchor: string | null; title: string; body: string; number: number; slug: string; issueTitle: string; total: bigint; titleMarked: string; snippet: string };

/**
 * Published issues' stories matching `query` (web-search syntax: words, "a phrase", -not, or),
 * best first (titles weigh more than text; ties newest first), with the matched words marked.
 * `total` counts every match; `page` is 1-based, and `pages` stops at SEARCH_PAGE_MAX however many
 * there are. A query with no word a story must hold ("-grid", "-grid or -wind") is no search: it
 * would match nearly every story, each one read to find out, so it comes back as the empty query,
 * with the words typed in `excludedOnly` for the page to say why.
 */
export async function searchSite(prisma: Database, options: { publicationId: string; query: string; page?: number }) {
  const query = searchQueryOf(options.query);
  const page = clampPage(options.page, SEARCH_PAGE_MAX);
  // No story holds a NUL or half an emoji (the database could not have stored one), so such a query finds nothing.
  if (!query || !isStorableText(query)) return { query, page, pages: 0, total: 0, results: [] as SearchResult[] };
  // Postgres reads the web-search syntax, so it says whether the query needs any word: if a story with
  // no words at all would match, every story without the excluded ones does.
  const [{ needsNoWord }] = await prisma.$queryRaw<[{ needsNoWord: boolean }]>`SELECT ''::tsvector @@ websearch_to_tsquery('weekly_english', ${query}) AS "needsNoWord"`;
  if (needsNoWord) return { query: "", excludedOnly: query, page, pages: 0, total: 0, results: [] as SearchResult[] };
  // The headlines are made in the outer query, for the page's rows only: ts_headline re-parses the text.
  // One result per place a reader lands on: the entries of blocks that are not stories (an intro, a take)
  // all link to the issue's page, as the issue's own entry does, and would show as that many results with
  // one address and one headline. The best-ranked entry of each (issue, anchor) stands for them.
  // Every match is ranked and sorted, so only what the sort needs is carried through it (the entry's id,
  // its place and rank); the texts are joined back for the page's ten. Carried along, a common word's
  // thousands of titles and bodies made the sort spill to disk on server Postgres, for twice the time.
  const rows = await prisma.$queryRaw<Row[]>`
    WITH q AS (SELECT websearch_to_tsquery('weekly_english', ${query}) AS query),
    matched AS (
      SELECT DISTINCT ON (e."issueId", COALESCE(e."anchor", ''))
             e."id", e."issueId", e."anchor", e."position", i."publishedAt", ts_rank_cd(e."document", q.query) AS rank
      FROM "SearchEntry" e
      JOIN "Issue" i ON i."id" = e."issueId"
      CROSS JOIN q
      WHERE e."document" @@ q.query
        AND ${onTheSite(options.publicationId)}
      ORDER BY e."issueId", COALESCE(e."anchor", ''), rank DESC, e."position" ASC
    ),
    hits AS (
      SELECT "id", "issueId", "anchor", "position", "publishedAt", rank, count(*) OVER () AS total
      FROM matched
      -- Ending in the group's own key, so no two results tie and a page never repeats or skips one.
      ORDER BY rank DESC, "publishedAt" DESC, "position" ASC, "issueId", COALESCE("anchor", '')
      LIMIT ${SEARCH_PER_PAGE} OFFSET ${(page - 1) * SEARCH_PER_PAGE}
    )
    SELECT h."anchor", e."title", e."body", i."number", i."slug", i."title" AS "issueTitle", h.total,
           ts_headline('weekly_english', replace(e."title", '<', ${LESS_THAN}), q.query, ${TITLE_HEADLINE_OPTIONS}) AS "titleMarked",
           ts_headline('weekly_english', replace(e."body", '<', ${LESS_THAN}), q.query, ${HEADLINE_OPTIONS}) AS "snippet"
    FROM hits h
    JOIN "SearchEntry" e ON e."id" = h."id"
    JOIN "Issue" i ON i."id" = h."issueId"
    CROSS JOIN q
    ORDER BY h.rank DESC, h."publishedAt" DESC, h."position" ASC, h."issueId", COALESCE(h."anchor", '')`;
  // The page's rows carry the count; a page past the last has none, so there it is counted on its own
  // (only there): "nothing found" would be wrong for a search that found some.
  const total = rows.length > 0 ? Number(rows[0]!.total) : page > 1 ? await countMatches(prisma, options.publicationId, query) : 0;
  const results = rows.map((row): SearchResult => {
    const issueTitle = resolveMergeFieldsForWeb(row.issueTitle);
    return {
      href: `${issuePath(row)}${row.anchor ? `#${row.anchor}` : ""}`,
      issue: { number: row.number, title: issueTitle },
      title: row.title ? parseHighlighted(row.titleMarked) : [{ text: issueTitle, mark: false }],
      snippet: row.body ? parseHighlighted(row.snippet) : [],
    };
  });
  return { query, page, pages: Math.min(SEARCH_PAGE_MAX, Math.ceil(total / SEARCH_PER_PAGE)), total, results };
}

/** How many results `query` has: the (issue, anchor) places the search above would list. */
async function countMatches(prisma: Database, publicationId: string, query: string): Promise<number> {
  const [{ total }] = await prisma.$queryRaw<[{ total: number }]>`
    SELECT count(DISTINCT (e."issueId", COALESCE(e."anchor", '')))::int AS total
    FROM "SearchEntry" e
    JOIN "Issue" i ON i."id" = e."issueId"
    WHERE e."document" @@ websearch_to_tsquery('weekly_english', ${query})
      AND ${onTheSite(publicationId)}`;
  return total;
}
