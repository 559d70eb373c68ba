import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { handleResendWebhook } from "@/lib/delivery/handle-resend-webhook";
import { readBodyWithin } from "@/lib/http/read-body-within";

/**
 * Resend's events are a few kilobytes of JSON (an address, a subject, tags, a link); 256 KB is far
 * past any of them. The route is public and the body must be read before its signature can be
 * checked, so without a limit anyone could make the server hold whatever they send.
 */
const RESEND_WEBHOOK_BODY_LIMIT = 256 * 1024;

/** Resend's delivery events. The body must stay raw: the signature covers its exact bytes. */
export async function POST(request: Request) {
  const secret = config().RESEND_WEBHOOK_SECRET;
  if (!secret) return Response.json({ error: "Webhooks are not configured: set RESEND_WEBHOOK_SECRET." }, { status: 503 });
  const body = await readBodyWithin(request, RESEND_WEBHOOK_BODY_LIMIT);
  if (!body) return Response.json({ error: `The body is larger than ${RESEND_WEBHOOK_BODY_LIMIT / 1024} KB.` }, { status: 413 });
  const result = await handleResendWebhook(db(), {
    // Decoded as request.text() would (UTF-8, a leading BOM dropped), so the signed text is unchanged.
    rawBody: new TextDecoder().decode(body),
    headers: { id: request.headers.get("svix-id"), timestamp: request.headers.get("svix-timestamp"), signature: request.headers.get("svix-signature") },
    secret,
  });
  if (!result.ok) {
    const message = { "missing-signature": "Missing svix-id, svix-timestamp or svix-signature.", "bad-signature": "Invalid signature or stale timestamp.", malformed: "Unreadable event." }[result.reason];
    return Response.json({ error: message }, { status: 400 });
  }
  return Response.json({ received: true, outcome: result.outcome });
}
