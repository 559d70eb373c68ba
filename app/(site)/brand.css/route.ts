import { createHash } from "node:crypto";
import { connection } from "next/server";
import { brandCss } from "@/lib/publication/brand-css";
import { cachedPublication } from "@/lib/web/cached-site";

/**
 * The publication's colours for the site's stylesheet (app/(site)/layout.tsx links it): a file of its
 * own, so the layout reads no data and cached pages stay cached. Built per request from the cached
 * publication (no query until Settings change it). Browsers ask again on every page, with its ETag, and
 * mostly get a 304: an editor who has just changed the colour sees it on the next page, not a minute on.
 */
export async function GET(request: Request) {
  await connection();
  const publication = await cachedPublication();
  const css = brandCss(publication?.accentColor ?? "");
  const etag = `"${createHash("sha256").update(css).digest("base64url").slice(0, 16)}"`;
  const headers = { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, no-cache", ETag: etag };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(css, { headers });
}
