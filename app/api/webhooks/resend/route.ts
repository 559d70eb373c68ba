import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { handleResendWebhook } from "@/lib/delivery/handle-resend-webhook";

/** Resend's delivery events. The body must stay raw: the signature covers its exact bytes. */
export async function POST(request: Request) {
  const secret = config().RESEND_WEBHOOK_SECRET;
  if (!secret) return Response.json({ error: "Webhooks are not configured: set RESEND_WEBHOOK_SECRET." }, { status: 503 });
  const result = await handleResendWebhook(db(), {
    rawBody: await request.text(),
    headers: { id: request.headers.get("svix-id"), timestamp: request.headers.get("svix-timestamp"), signature: request.headers.get("svix-signature") },
    secret,
  });
  if (!result.ok) {
    const message = { "missing-signature": "Missing svix-id, svix-timestamp or svix-signature.", "bad-signature": "Invalid signature or stale timestamp.", malformed: "Unreadable event." }[result.reason];
    return Response.json({ error: message }, { status: 400 });
  }
  return Response.json({ received: true, outcome: result.outcome });
}
