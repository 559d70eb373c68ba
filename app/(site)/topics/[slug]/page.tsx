import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IssueList } from "@/components/site/issue-list";
import { issuePath } from "@/lib/issues/issue-path";
import { cachedPublication, cachedTopic } from "@/lib/web/cached-site";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

async function load(slug: string) {
  const publication = await cachedPublication();
  if (!publication) return null;
  const topic = await cachedTopic(publication.id, slug);
  return topic ? { publication, ...topic } : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await load((await params).slug);
  if (!found) return { title: "Topic not found" };
  return {
    title: `${found.tag.name} · ${found.publication.name}`,
    description: found.tag.description || `Issues and stories about ${found.tag.name} in ${found.publication.name}.`,
    alternates: { canonical: `${found.publication.siteUrl}/topics/${found.tag.slug}` },
  };
}

/** One topic: the issues tagged with it, and the stories tagged with it, each linking to its place in its issue. */
export default async function TopicPage({ params }: Props) {
  const found = await load((await params).slug);
  if (!found) notFound();
  const { publication, tag, issues, stories } = found;
  return (
    <main className="site">
      <nav className="breadcrumb">
        <Link href="/">{publication.name}</Link> › <Link href="/topics">Topics</Link>
      </nav>
      <h1 className="page-title">{tag.name}</h1>
      {tag.description ? <p>{tag.description}</p> : null}
      {stories.length ? (
        <section aria-labelledby="stories-title">
          <h2 id="stories-title" className="section-label">
            Stories
          </h2>
          <ul className="story-list">
            {stories.map((story) => (
              <li key={`${story.issue.number}-${story.id}`}>
                <Link href={`${issuePath(story.issue)}#${story.id}`}>{story.headline}</Link> <span className="meta">in #{story.issue.number}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="issues-title">
        <h2 id="issues-title" className="section-label">
          Issues
        </h2>
        <IssueList issues={issues} timezone={publication.timezone} />
      </section>
    </main>
  );
}
