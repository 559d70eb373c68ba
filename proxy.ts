import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/lib/db/client";
import { clientIp } from "@/lib/http/client-ip";
import { consumeSearchQuota, SEARCH_LIMITED_HEADER } from "@/lib/search/consume-search-quota";

/**
 * Runs before /search only (see `config`): each search is counted against the caller's address, and one over
 * the limit gets the search page with a message instead of results, with status 429 and Retry-After. The
 * page itself cannot choose its status, hence the proxy.
 */
export async function proxy(request: NextRequest) {
  const quota = await consumeSearchQuota(db(), { ip: clientIp(request.headers), query: request.nextUrl.searchParams.get("q") ?? "" });
  const headers = new Headers(request.headers);
  headers.delete(SEARCH_LIMITED_HEADER);
  if (quota.allowed) return NextResponse.next({ request: { headers } });
  headers.set(SEARCH_LIMITED_HEADER, String(quota.retryAfterSeconds));
  return NextResponse.next({ request: { headers }, status: 429, headers: { "Retry-After": String(quota.retryAfterSeconds), "Cache-Control": "no-store" } });
}

// Only the search page. Never the editor's routes: Next copies a proxied request's body, and cuts it at 10 MB
// (proxyClientMaxBodySize), which a CSV upload may exceed.
export const config = { matcher: "/search" };
