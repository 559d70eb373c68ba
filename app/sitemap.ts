import type { MetadataRoute } from "next";
import { connection } from "next/server";
import { issueUrl } from "@/lib/issues/issue-path";
import { cachedPublication, cachedSitemapIssues } from "@/lib/web/cached-site";

/** The home page and every published issue. Drafts never appear. Per request, from cached reads (lib/web/cached-site.ts). */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  await connection();
  const publication = await cachedPublication();
  if (!publication) return [];
  const issues = await cachedSitemapIssues(publication.id);
  return [
    { url: `${publication.siteUrl}/`, lastModified: issues[0]?.publishedAt ?? publication.updatedAt, changeFrequency: "weekly", priority: 1 },
    ...issues.map((issue) => ({ url: issueUrl(publication.siteUrl, issue), lastModified: issue.updatedAt, changeFrequency: "yearly" as const, priority: 0.8 })),
  ];
}
