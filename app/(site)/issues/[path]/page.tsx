import type { Metadata } from "next";
import Link from "next/link";
import { notFound, permanentRedirect } from "next/navigation";
import { IssueBlocks } from "@/components/issue/issue-blocks";
import { db } from "@/lib/db/client";
import { getPublishedIssue } from "@/lib/issues/get-published-issue";
import { formatIssueDate } from "@/lib/issues/issue-view";
import { issuePath, parseIssuePath } from "@/lib/issues/issue-path";
import { getPublication } from "@/lib/publication/get-publication";

export const dynamic = "force-dynamic";

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
  return { title: `${found.issue.title} · ${found.publication.name}`, description: found.issue.preheader || undefined };
}

export default async function IssuePage({ params }: Props) {
  const found = await load((await params).path);
  if (!found) notFound();
  if (!found.canonical) permanentRedirect(issuePath(found.issue));
  const { publication, issue } = found;
  return (
    <main className="site">
      <nav className="breadcrumb">
        <Link href="/">{publication.name}</Link>
      </nav>
      <article className="issue">
        <header className="issue-header">
          <p className="meta">
            Issue #{issue.number}
            {issue.publishedAt ? ` · ${formatIssueDate(issue.publishedAt, publication.timezone)}` : null}
          </p>
          <h1>{issue.title}</h1>
        </header>
        <IssueBlocks blocks={issue.blocks} />
      </article>
    </main>
  );
}
