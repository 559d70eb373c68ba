import type { Metadata } from "next";
import { db } from "@/lib/db/client";
import { listPublishedIssues } from "@/lib/issues/list-published-issues";
import { getPublication } from "@/lib/publication/get-publication";
import { IssueList } from "@/components/site/issue-list";

// Reads the database on each request; nothing is queried at build time.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const publication = await getPublication(db());
  return { title: publication?.name ?? "Weekly", description: publication?.description };
}

export default async function HomePage() {
  const prisma = db();
  const publication = await getPublication(prisma);
  if (!publication) {
    return (
      <main className="site">
        <p className="empty">No publication yet. Run <code>npm run db:seed</code> to create the demo.</p>
      </main>
    );
  }
  const issues = await listPublishedIssues(prisma, { publicationId: publication.id });
  return (
    <main className="site">
      <header className="site-header">
        <h1>{publication.name}</h1>
        <p>{publication.description}</p>
      </header>
      <IssueList issues={issues} timezone={publication.timezone} />
    </main>
  );
}
