import type { Actor } from "../auth/permissions.ts";
import type { Database } from "../db/client";
import { deliverDueWebhooks, WEBHOOK_LEASE_MS, type WebhookOutcome } from "./deliver-webhooks.ts";
import { TEST_EVENT } from "./webhook-events.ts";

/**
 * Posts a `webhook.test` event to one endpoint now, and says what it answered, so the owner can check a
 * receiver (its address, its signature check) without waiting for a reader. Like every delivery, it is
 * logged, and retried later if it failed.
 */
export async function sendTestWebhook(prisma: Database, actor: Actor, { id }: { id: string }, now = new Date()): Promise<{ ok: true; outcome: WebhookOutcome } | { ok: false; reason: "not-found" }> {
  const endpoint = await prisma.webhookEndpoint.findUnique({ where: { id }, select: { id: true } });
  if (!endpoint) return { ok: false, reason: "not-found" };
  const delivery = await prisma.webhookDelivery.create({
    // Not due for workers until this post's lease would have ended: it is this call's to post.
    data: { endpointId: endpoint.id, event: TEST_EVENT, payload: { message: "A test event from Settings → Webhooks.", sentBy: actor.name ?? actor.email }, nextAttemptAt: new Date(now.getTime() + WEBHOOK_LEASE_MS), createdAt: now },
    select: { id: true },
  });
  const [outcome] = await deliverDueWebhooks(prisma, { ids: [delivery.id], now });
  return outcome ? { ok: true, outcome } : { ok: false, reason: "not-found" };
}
