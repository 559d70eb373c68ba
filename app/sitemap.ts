import type { MetadataRoute } from "next";
import { connection } from "next/server";
import { cachedSitemap } from "@/lib/web/cached-site";

/** lib/archive/build-sitemap.ts, per request (never at build time) from the cached read. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  await connection();
  return cachedSitemap();
}
