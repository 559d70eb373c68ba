import type { Metadata } from "next";
import { feedPaths } from "@/lib/archive/build-feed";
import Link from "next/link";
import { connection } from "next/server";
import { cachedLatestIssues, cachedPublication } from "@/lib/web/cached-site";
import { IssueList } from "@/components/site/issue-list";
import { SubscribeForm } from "@/components/site/subscribe-form";

// Rendered per request (nothing is read at build time, when there may be no database), from
// cached reads: no query until a publish or correction revalidates them (lib/web/cached-site.ts).
export async function generateMetadata(): Promise<Metadata> {
  await connection();
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

export default async function HomePage() {
  await connection();
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
