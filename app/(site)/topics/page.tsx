import type { Metadata } from "next";
import Link from "next/link";
import { cachedPublication, cachedPublicTopics } from "@/lib/web/cached-site";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const publication = await cachedPublication();
  return { title: `Topics · ${publication?.name ?? "Weekly"}`, alternates: publication ? { canonical: `${publication.siteUrl}/topics` } : undefined };
}

/** Every public topic, with how many issues carry it. */
export default async function TopicsPage() {
  const publication = await cachedPublication();
  if (!publication) return <main className="site">No publication yet.</main>;
  const topics = await cachedPublicTopics(publication.id);
  return (
    <main className="site">
      <nav className="breadcrumb">
        <Link href="/">{publication.name}</Link>
      </nav>
      <h1 className="page-title">Topics</h1>
      {topics.length === 0 ? (
        <p className="empty">No topics yet.</p>
      ) : (
        <ul className="topic-list">
          {topics.map((topic) => (
            <li key={topic.slug}>
              <Link href={`/topics/${topic.slug}`}>{topic.name}</Link> <span className="count">({topic.issues === 1 ? "1 issue" : `${topic.issues} issues`})</span>
              {topic.description ? <p>{topic.description}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
