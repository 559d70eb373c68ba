import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IssueBlocks } from "@/components/issue/issue-blocks";
import { CanonicalAddress } from "@/components/site/canonical-address";
import { CopyStoryLinks } from "@/components/site/copy-story-links";
import { SubscribeForm } from "@/components/site/subscribe-form";
import { leadImage } from "@/lib/blocks/list-images";
import { db } from "@/lib/db/client";
import { getAdjacentIssues } from "@/lib/issues/get-adjacent-issues";
import { getPublishedIssue } from "@/lib/issues/get-published-issue";
import { formatIssueDate } from "@/lib/issues/issue-view";
import { issuePath, issueUrl, parseIssuePath } from "@/lib/issues/issue-path";
import { getPublication } from "@/lib/publication/get-publication";

/**
 * Incremental static regeneration: no page is built ahead (there may be no database at build
 * time); each is rendered on its first request, then served from Next's cache with no database
 * query until a publish or correction revalidates it (lib/web/revalidate-site.ts), or 5 minutes pass.
 */
export const revalidate = 300;

export function generateStaticParams(): { path: string }[] {
  return [];
}

type Props = { params: Promise<{ path: string }> };

async function load(path: string) {
  const wanted = parseIssuePath(path);
  if (!wanted) return null;
  const prisma = db();
  const publication = await getPublication(prisma);
  if (!publication) return null;
  const issue = await getPublishedIssue(prisma, { publicationId: publication.id, number: wanted.number });
  return issue ? { publication, issue, canonical: wanted.slug === issue.slug } : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await load((await params).path);
  if (!found) return { title: "Issue not found" };
  const { publication, issue } = found;
  const url = issueUrl(publication.siteUrl, issue);
  const description = issue.preheader || publication.description || undefined;
  // What a link preview shows: the issue's first picture, when it has one.
  const image = leadImage(issue.blocks);
  const images = image ? [{ url: image.src, alt: image.alt }] : undefined;
  return {
    title: `${issue.title} · ${publication.name}`,
    description,
    metadataBase: new URL(publication.siteUrl),
    alternates: { canonical: url },
    openGraph: { type: "article", url, title: issue.title, description, siteName: publication.name, publishedTime: issue.publishedAt?.toISOString(), locale: "en", images },
    twitter: { card: image ? "summary_large_image" : "summary", title: issue.title, description, images },
  };
}

/** The issue on the web: the "View in browser" target, and what readers share. */
export default async function IssuePage({ params }: Props) {
  const found = await load((await params).path);
  if (!found) notFound();
  const { publication, issue } = found;
  const { previous, next } = await getAdjacentIssues(db(), { publicationId: publication.id, number: issue.number });
  const url = issueUrl(publication.siteUrl, issue);
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: issue.title.slice(0, 110),
    description: issue.preheader || undefined,
    datePublished: issue.publishedAt?.toISOString(),
    dateModified: (issue.corrections.at(-1)?.createdAt ?? issue.publishedAt ?? issue.updatedAt).toISOString(),
    mainEntityOfPage: url,
    url,
    isPartOf: { "@type": "Periodical", name: publication.name, url: `${publication.siteUrl}/` },
    publisher: { "@type": "Organization", name: publication.name, url: `${publication.siteUrl}/` },
    author: { "@type": "Organization", name: publication.senderName },
  };
  return (
    <main className="site">
      <script
        type="application/ld+json"
        // JSON, with "<" escaped so no text in it can close the script element.
        dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, "\\u003c") }}
      />
      <nav className="breadcrumb">
        <Link href="/">{publication.name}</Link> › <Link href="/archive">Archive</Link>
      </nav>
      <article className="issue">
        <header className="issue-header">
          <p className="meta">
            Issue #{issue.number}
            {issue.publishedAt ? (
              <>
                {" · "}
                <time dateTime={issue.publishedAt.toISOString()}>{formatIssueDate(issue.publishedAt, publication.timezone)}</time>
              </>
            ) : null}
          </p>
          <h1>{issue.title}</h1>
          {issue.topics.length ? (
            <ul className="topics-inline" aria-label="Topics">
              {issue.topics.map((topic) => (
                <li key={topic.slug}>
                  <Link href={`/topics/${topic.slug}`}>{topic.name}</Link>
                </li>
              ))}
            </ul>
          ) : null}
        </header>
        {issue.corrections.length ? (
          <aside className="corrections" aria-labelledby="corrections-title">
            <h2 id="corrections-title">{issue.corrections.length === 1 ? "Correction" : "Corrections"}</h2>
            <ul>
              {issue.corrections.map((correction) => (
                <li key={correction.id}>
                  <time dateTime={correction.createdAt.toISOString()}>{formatIssueDate(correction.createdAt, publication.timezone)}</time>: {correction.note}
                </li>
              ))}
            </ul>
          </aside>
        ) : null}
        <IssueBlocks blocks={issue.blocks} />
      </article>
      <CopyStoryLinks />
      {found.canonical ? null : <CanonicalAddress path={issuePath(issue)} />}
      <aside className="subscribe-cta" aria-labelledby="subscribe-cta-title">
        <h2 id="subscribe-cta-title">Get {publication.name} by email</h2>
        <p>{publication.description || "A new issue every week."}</p>
        <SubscribeForm compact />
      </aside>
      <nav className="issue-nav" aria-label="More issues">
        {previous ? (
          <Link href={issuePath(previous)} rel="prev">
            ← #{previous.number}: {previous.title}
          </Link>
        ) : (
          <span />
        )}
        {next ? (
          <Link href={issuePath(next)} rel="next">
            #{next.number}: {next.title} →
          </Link>
        ) : (
          <span />
        )}
      </nav>
    </main>
  );
}
