import { signingSecret } from "@/lib/auth/signing-secret";
import { db } from "@/lib/db/client";
import { unsubscribeWithToken } from "@/lib/subscribers/unsubscribe-with-token";

/**
 * RFC 8058 one-click unsubscribe, the URL in every issue's List-Unsubscribe
 * header. Mail clients POST "List-Unsubscribe=One-Click" with no session and
 * no CSRF token: the signed token is the authority. A GET (a link scanner, or
 * a person) never unsubscribes; it goes to the confirmation page.
 */
export async function POST(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const result = await unsubscribeWithToken(db(), { token, secret: signingSecret() });
  if (!result.ok) return new Response("This unsubscribe link is not valid or has expired.\n", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response("You are unsubscribed.\n", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * The Location is relative: behind `npm start`'s front (or any proxy), `request.url` is Next's own
 * loopback address, which a reader's browser cannot reach; the browser resolves a relative one
 * against the address it asked (RFC 9110 allows it).
 */
export async function GET(request: Request) {
  const query = new URLSearchParams({ token: new URL(request.url).searchParams.get("token") ?? "" });
  return new Response(null, { status: 303, headers: { Location: `/unsubscribe?${query}` } });
}
