/**
 * The caller's address for rate limits. Behind a proxy the first
 * X-Forwarded-For entry is the client; deployments without a proxy should
 * strip the header at the edge, or a caller could pick its own key.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || "unknown";
}
