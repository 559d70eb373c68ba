import type { Metadata } from "next";
import { feedPaths } from "@/lib/archive/build-feed";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cachedLatestIssues, cachedPublication } from "@/lib/web/cached-site";
import { SiteLogo } from "@/components/site/site-logo";
import { IssueList } from "@/components/site/issue-list";
import { SubscribeForm } from "@/components/site/subscribe-form";

/**
 * The home page. next.config.js rewrites "/" here so that it can be incrementally static like the
 * issue pages: a route without a dynamic segment is prerendered at build time, when there may be
 * no database; this one is rendered on its first request and then served from Next's cache until
 * a publish or correction revalidates it (lib/web/revalidate-site.ts), or 5 minutes pass.
 */
export const revalidate = 300;

export function generateStaticParams(): { edition: string }[] {
  return [];
}

type Props = { params: Promise<{ edition: string }> };

/** "latest" is the only edition; anything else under /home is not a page. */
async function checkEdition(params: Props["params"]) {
  if ((await params).edition !== "latest") notFound();
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await checkEdition(params);
  const publication = await cachedPublication();
  if (!publication) return { title: "Weekly" };
  const feeds = feedPaths(publication.siteUrl);
  return {
    title: publication.name,
    description: publication.description,
    alternates: {
      canonical: `${publication.siteUrl}/`,
      types: { "application/rss+xml": feeds.rss, "application/atom+xml": feeds.atom, "application/feed+json": feeds.json },
    },
  };
}

export default async function HomePage({ params }: Props) {
  await checkEdition(params);
  const publication = await cachedPublication();
  if (!publication) {
    return (
      <main className="site">
        <p className="empty">No publication yet. Run <code>npm run db:seed</code> to create the demo.</p>
      </main>
    );
  }
  const issues = await cachedLatestIssues(publication.id, 8);
  const [latest, ...recent] = issues;
  return (
    <main className="site">
      <header className="site-header">
        <SiteLogo src={publication.logoUrl} />
        <h1>{publication.name}</h1>
        <p>{publication.description}</p>
        <SubscribeForm />
      </header>
      {latest ? (
        <section aria-labelledby="latest-title" className="latest">
          <h2 id="latest-title" className="section-label">
            Latest issue
          </h2>
          <IssueList issues={[latest]} timezone={publication.timezone} />
        </section>
      ) : (
        <p className="empty">No issues published yet.</p>
      )}
      {recent.length ? (
        <section aria-labelledby="recent-title">
          <h2 id="recent-title" className="section-label">
            Recent issues
          </h2>
          <IssueList issues={recent} timezone={publication.timezone} />
          <p>
            <Link href="/archive">All issues →</Link>
          </p>
        </section>
      ) : null}
    </main>
  );
}
