/**
 * Whether a POST to a route handler came from a page of this app. Next checks the Origin of server
 * actions, not of route handlers, so a handler that changes something checks it here (the CSRF
 * protection; sessions are cookies a browser would attach to another site's form post).
 *
 * The Origin header must name the host the request was sent to (X-Forwarded-Host behind a proxy,
 * else Host) or APP_URL's host. A browser that sends Sec-Fetch-Site must say "same-origin"
 * ("same-site" is a sibling subdomain, another app). A request with neither header is refused:
 * every browser sends Origin with a POST, and other callers can send it too.
 */
export function isSameOrigin(headers: Headers, appUrl: string): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return false;
  const origin = headers.get("origin");
  if (origin === null) return site === "same-origin";
  let host: string;
  try {
    // "null" (a sandboxed frame, a file:// page) is not a URL, and is no page of ours.
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const requestHost = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  return host === requestHost || host === new URL(appUrl).host;
}
