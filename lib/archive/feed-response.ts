import { connection } from "next/server";
import { cachedFeed } from "../web/cached-site.ts";
import { FEED_FORMATS, type FeedFormat } from "./build-feed.ts";

/**
 * The three feed routes' shared answer: the feed, or 404 before setup. Built per request (never at
 * build time) from the cached feed: no query until a publish or correction revalidates it.
 */
export async function feedResponse(format: FeedFormat): Promise<Response> {
  await connection();
  const body = await cachedFeed(format);
  if (body === null) return new Response("No publication yet.", { status: 404 });
  return new Response(body, {
    headers: {
      "Content-Type": `${FEED_FORMATS[format]}; charset=utf-8`,
      // Readers poll; a few minutes of staleness is fine and spares the database.
      "Cache-Control": "public, max-age=300, stale-while-revalidate=3600",
    },
  });
}
