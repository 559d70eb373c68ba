import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { Pagination } from "@/components/pagination";
import { HighlightedText } from "@/components/site/highlighted-text";
import { SearchBox } from "@/components/site/search-box";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";
import { cachedPublication } from "@/lib/web/cached-site";
import { SEARCH_LIMITED_HEADER } from "@/lib/search/consume-search-quota";
import { SEARCH_PAGE_MAX, SEARCH_PER_PAGE, searchQueryOf, searchSite } from "@/lib/search/search-site";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ q?: string | string[]; page?: string | string[] }> };

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = one((await searchParams).q).trim();
  const name = (await cachedPublication())?.name ?? "Weekly";
  // Result pages are not content of their own.
  return { title: `${q ? `Search: ${q.slice(0, 60)}` : "Search"} · ${name}`, robots: { index: false } };
}

/** Stories of published issues matching ?q=, best first, ten a page, each linking to its place in its issue. */
export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  // Set by proxy.ts, which also answers 429: this address searched too often in the last minute.
  const retryAfter = Number((await headers()).get(SEARCH_LIMITED_HEADER));
  if (retryAfter > 0) return <TooManySearches query={searchQueryOf(one(params.q))} retryAfterSeconds={retryAfter} />;
  const prisma = db();
  const publication = await getPublication(prisma);
  if (!publication) return <main className="site">No publication yet.</main>;
  const found = await searchSite(prisma, { publicationId: publication.id, query: one(params.q), page: Number(one(params.page)) || 1 });
  const href = (page: number) => `/search?${new URLSearchParams({ q: found.query, ...(page > 1 ? { page: String(page) } : {}) })}`;
  return (
    <main className="site">
      <nav className="breadcrumb">
        <Link href="/">{publication.name}</Link>
      </nav>
      <h1 className="page-title">Search</h1>
      <SearchBox query={found.query || ("excludedOnly" in found ? found.excludedOnly : "")} id="search-page-q" />
      {"excludedOnly" in found && found.excludedOnly ? (
        <p className="meta search-count" role="status">
          Add a word to look for: “{found.excludedOnly}” only leaves words out, and would list nearly every story.
        </p>
      ) : null}
      {found.query ? (
        <p className="meta search-count" role="status">
          {found.total === 0 ? `Nothing found for “${found.query}”.` : `${found.total} ${found.total === 1 ? "result" : "results"} for “${found.query}”`}
          {found.total > 0 && found.results.length === 0 ? (
            <>
              {" "}
              — this page is past the last. <Link href={href(found.pages)}>Go to the last page</Link>.
            </>
          ) : null}
          {/* The pager ends there (SEARCH_PAGE_MAX), so say why the rest cannot be reached. */}
          {found.total > SEARCH_PAGE_MAX * SEARCH_PER_PAGE ? `; pages stop at ${SEARCH_PAGE_MAX}: add a word to narrow the search.` : null}
        </p>
      ) : null}
      {found.results.length ? (
        <ol className="search-results">
          {/* Not keyed by href alone: the issue's own row and a story-less block (an intro) both link to the issue's page. A page's results are one query's, in rank order, so the rank tells them apart. */}
          {found.results.map((result, rank) => (
            <li key={`${rank}:${result.href}`}>
              <h2>
                {/* A full load, not a client-side one: only that makes the story the page's :target, which the page highlights. */}
                <a href={result.href}>
                  <HighlightedText segments={result.title} />
                </a>
              </h2>
              {result.snippet.length ? (
                <p>
                  <HighlightedText segments={result.snippet} />
                </p>
              ) : null}
              <p className="meta">
                Issue #{result.issue.number}: {result.issue.title}
              </p>
            </li>
          ))}
        </ol>
      ) : null}
      {/* Not prefetched: each request for a results page is a search, counted against the reader's limit. */}
      <Pagination page={found.page} pages={found.pages} href={href} labels={{ previous: "← Previous", next: "Next →" }} prefetch={false} />
    </main>
  );
}

function TooManySearches({ query, retryAfterSeconds }: { query: string; retryAfterSeconds: number }) {
  return (
    <main className="site">
      <nav className="breadcrumb">
        <Link href="/">Home</Link>
      </nav>
      <h1 className="page-title">Search</h1>
      <SearchBox query={query} id="search-page-q" />
      <p className="meta search-count" role="alert">
        Too many searches from your address in the last minute. Try again in {retryAfterSeconds} {retryAfterSeconds === 1 ? "second" : "seconds"}.
      </p>
    </main>
  );
}
