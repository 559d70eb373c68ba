import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Pagination } from "@/components/pagination";
import { IssueList } from "@/components/site/issue-list";
import { cachedArchive, cachedArchiveYears, cachedPublication } from "@/lib/web/cached-site";

// Dynamic (it reads searchParams), from cached reads: no query per request (lib/web/cached-site.ts).

type Props = { searchParams: Promise<{ year?: string; page?: string }> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { year } = await searchParams;
  const publication = await cachedPublication();
  const name = publication?.name ?? "Weekly";
  return { title: `${year && /^\d{4}$/.test(year) ? `${year} · ` : ""}Archive · ${name}`, alternates: publication ? { canonical: `${publication.siteUrl}/archive` } : undefined };
}

/** Every sent issue, newest first, a page at a time, and by year. */
export default async function ArchivePage({ searchParams }: Props) {
  const params = await searchParams;
  const publication = await cachedPublication();
  if (!publication) return <main className="site">No publication yet.</main>;
  // Any four digits: a year the archive has no place for (lib/archive/list-archive.ts) lists no issues, as a year without any does.
  const year = params.year && /^\d{4}$/.test(params.year) ? Number(params.year) : undefined;
  const [years, list] = await Promise.all([
    cachedArchiveYears(publication.id, publication.timezone),
    cachedArchive({ publicationId: publication.id, timezone: publication.timezone, year, page: Number(params.page) || 1 }),
  ]);
  const href = (page: number) => `/archive?${new URLSearchParams({ ...(year !== undefined ? { year: String(year) } : {}), ...(page > 1 ? { page: String(page) } : {}) })}`;
  return (
    <main className="site">
      <nav className="breadcrumb">
        <Link href="/">{publication.name}</Link>
      </nav>
      <h1 className="page-title">Archive{year !== undefined ? `: ${year}` : ""}</h1>
      {years.length > 1 || year !== undefined ? (
        <nav className="years" aria-label="Years">
          <Link href="/archive" aria-current={year !== undefined ? undefined : "page"}>
            All
          </Link>
          {years.map((entry) => (
            <Link key={entry.year} href={`/archive?year=${entry.year}`} aria-current={entry.year === year ? "page" : undefined}>
              {entry.year} <span className="count">({entry.count})</span>
            </Link>
          ))}
        </nav>
      ) : null}
      <IssueList issues={list.issues} timezone={publication.timezone} empty={emptyArchive(list, year, years.length > 0, href)} />
      <Pagination page={list.page} pages={list.pages} href={href} />
    </main>
  );
}

/** What an empty page of the archive says when there are issues elsewhere: the default ("No issues published yet.") only when there are none at all. */
function emptyArchive(list: { total: number; pages: number }, year: number | undefined, anyIssues: boolean, href: (page: number) => string): ReactNode {
  if (list.total > 0) {
    return (
      <>
        This page is past the end of the archive{year !== undefined ? ` for ${year}` : ""}. <Link href={href(list.pages)}>Go to the last page</Link>.
      </>
    );
  }
  if (year !== undefined && anyIssues) {
    return (
      <>
        No issues were published in {year}. Choose another year above, or <Link href="/archive">see all issues</Link>.
      </>
    );
  }
  return undefined;
}
