import type { Database } from "../db/client";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit.ts";
import { searchQueryOf } from "./search-site.ts";

/** Searches per caller address: generous for a reader, and a bound on the full-text queries one address makes Postgres run. */
export const SEARCHES_PER_ADDRESS = { limit: 30, windowMs: 60_000 };

/**
 * The request header by which the proxy (proxy.ts) tells the search page that this caller is over the limit. The proxy
 * removes any such header a caller sends: a forged one could only make the page skip its query.
 */
export const SEARCH_LIMITED_HEADER = "x-weekly-search-limited";

export type SearchQuota = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one search against the caller's address (`RateLimitBucket`, shared by every process) and says
 * whether it may run. A request without a query (the empty search page) runs none, so it costs nothing
 * and is not counted; the query is read as searchSite reads it.
 */
export async function consumeSearchQuota(prisma: Database, options: { ip: string; query: string; now?: Date }): Promise<SearchQuota> {
  if (!searchQueryOf(options.query)) return { allowed: true };
  const result = await consumeRateLimit(prisma, { key: `search:ip:${options.ip}`, ...SEARCHES_PER_ADDRESS, now: options.now });
  return result.allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: result.retryAfterSeconds };
}
