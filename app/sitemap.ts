import type { MetadataRoute } from "next";
import { db } from "@/lib/db/client";
import { issueUrl } from "@/lib/issues/issue-path";
import { PUBLISHED_ISSUE } from "@/lib/issues/published";
import { getPublication } from "@/lib/publication/get-publication";

export const dynamic = "force-dynamic";

/** The home page and every published issue. Drafts never appear. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const prisma = db();
  const publication = await getPublication(prisma);
  if (!publication) return [];
  const issues = await prisma.issue.findMany({
    where: { publicationId: publication.id, ...PUBLISHED_ISSUE },
    orderBy: { number: "desc" },
    select: { number: true, slug: true, publishedAt: true, updatedAt: true },
  });
  return [
    { url: `${publication.siteUrl}/`, lastModified: issues[0]?.publishedAt ?? publication.updatedAt, changeFrequency: "weekly", priority: 1 },
    ...issues.map((issue) => ({ url: issueUrl(publication.siteUrl, issue), lastModified: issue.updatedAt, changeFrequency: "yearly" as const, priority: 0.8 })),
  ];
}
