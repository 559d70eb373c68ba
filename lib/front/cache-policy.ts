import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

/**
 * What the front (lib/front/start-front.ts) may keep and for how long: the
 * shared-cache rules of RFC 9111 that this app's responses use, and nothing
 * more. The app decides what is public: Next marks a page it cached itself
 * (incrementally static pages, `unstable_cache` reads) `s-maxage=…`, and every
 * per-user or per-request response `private, no-store`.
 */

/** Headers that describe one connection, never forwarded or stored (RFC 9110 §7.6.1). */
export const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"]);

/**
 * Cookies that ask Next for an uncached render (draft mode, preview); a request
 * carrying one must reach Next.
 */
const BYPASS_COOKIES = /(?:^|;\s*)(?:__prerender_bypass|__next_preview_data)=/;

/** May a stored response answer this request, and may its response be stored? */
export function requestMayUseCache(request: Pick<IncomingMessage, "method" | "headers">): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const headers = request.headers;
  // Ranges and credentials are left to the app: neither is part of a public page.
  if (headers.range !== undefined || headers.authorization !== undefined) return false;
  return headers.cookie === undefined || !BYPASS_COOKIES.test(headers.cookie);
}

function directives(cacheControl: string | undefined): Map<string, string | true> {
  const found = new Map<string, string | true>();
  for (const part of (cacheControl ?? "").split(",")) {
    const [name, value] = part.trim().toLowerCase().split("=", 2);
    if (name) found.set(name, value === undefined ? true : value.replace(/^"|"$/g, ""));
  }
  return found;
}

/**
 * How many seconds a shared cache may keep this response, capped at
 * `maxSeconds`; 0 when it must not be stored. Only complete 200s with an
 * explicit shared lifetime (`s-maxage`, or `public, max-age`) are kept, never
 * one that sets a cookie or varies on everything, and never Next's stale copy
 * (`x-nextjs-cache: STALE`), which it serves once while it renders a new one.
 */
export function sharedLifetime(status: number, headers: IncomingHttpHeaders, maxSeconds: number): number {
  if (status !== 200 || headers["set-cookie"] !== undefined || headers["x-nextjs-cache"] === "STALE") return 0;
  if ((headers.vary ?? "").split(",").some((name) => name.trim() === "*")) return 0;
  const cc = directives(headers["cache-control"]);
  if (cc.has("private") || cc.has("no-store") || cc.has("no-cache")) return 0;
  const lifetime = cc.get("s-maxage") ?? (cc.has("public") ? cc.get("max-age") : undefined);
  const seconds = typeof lifetime === "string" ? Number.parseInt(lifetime, 10) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, maxSeconds) : 0;
}

/** The request-header names a response varies on, lower-cased, in a stable order. */
export function varyNames(headers: IncomingHttpHeaders): string[] {
  return (headers.vary ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean)
    .sort();
}

/** The variant of a stored page this request asks for: its URL plus the values of the headers the page varies on. */
export function variantKey(pageKey: string, names: readonly string[], headers: IncomingHttpHeaders): string {
  let key = pageKey;
  for (const name of names) {
    const value = headers[name];
    key += `\n${name}:${Array.isArray(value) ? value.join(",") : (value ?? "")}`;
  }
  return key;
}
