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

export async function GET(request: Request) {
  const url = new URL(request.url);
  const target = new URL("/unsubscribe", url);
  target.searchParams.set("token", url.searchParams.get("token") ?? "");
  return Response.redirect(target, 303);
}
