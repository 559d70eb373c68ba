import { config } from "../config.ts";

/**
 * The caller's address for rate limits. Each proxy appends the address it
 * saw to X-Forwarded-For, so only the last TRUSTED_PROXY_HOPS entries were
 * written by machines we trust; the one furthest left of those is the
 * caller. Anything before it is the caller's own text. (Next itself sets
 * the header when a request arrives without one.)
 */
export function clientIp(headers: Headers, hops: number = config().TRUSTED_PROXY_HOPS): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries[Math.max(0, entries.length - hops)] ?? headers.get("x-real-ip") ?? "unknown";
}
