import type { MetadataRoute } from "next";
import type { Database } from "../db/client";
import { issueUrl } from "../issues/issue-path.ts";
import { PUBLISHED_ISSUE } from "../issues/published.ts";
import { getPublication } from "../publication/get-publication.ts";

/** The home page and every published issue. Drafts never appear. Empty before setup. */
export async function buildSitemap(prisma: Database): Promise<MetadataRoute.Sitemap> {
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
