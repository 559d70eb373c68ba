import type { MetadataRoute } from "next";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";

export const dynamic = "force-dynamic";

/** The archive is for search engines; the editor, sign-in and per-reader pages are not. */
export default async function robots(): Promise<MetadataRoute.Robots> {
  const publication = await getPublication(db());
  return {
    rules: { userAgent: "*", allow: "/", disallow: ["/editor", "/api/", "/sign-in", "/setup", "/unsubscribe"] },
    ...(publication ? { sitemap: `${publication.siteUrl}/sitemap.xml` } : {}),
  };
}
