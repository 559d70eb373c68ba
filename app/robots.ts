import type { MetadataRoute } from "next";
import { cachedPublication } from "@/lib/web/cached-site";

export const dynamic = "force-dynamic";

/** The archive is for search engines; the editor, sign-in and per-reader pages are not. */
export default async function robots(): Promise<MetadataRoute.Robots> {
  const publication = await cachedPublication();
  return {
    rules: { userAgent: "*", allow: "/", disallow: ["/editor", "/api/", "/sign-in", "/setup", "/unsubscribe"] },
    ...(publication ? { sitemap: `${publication.siteUrl}/sitemap.xml` } : {}),
  };
}
