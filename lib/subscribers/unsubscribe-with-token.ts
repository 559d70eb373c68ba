import { verifySubscriberToken } from "../auth/subscriber-token.ts";
import type { Database } from "../db/client";

export type UnsubscribeResult = { ok: true; publicationName: string | null } | { ok: false; reason: "invalid-link" };

/**
 * Unsubscribes the subscriber a signed unsubscribe token names, at once and
 * idempotently. The answer is the same whether that subscriber still exists,
 * was already unsubscribed or was never active: a link must not reveal who is
 * subscribed. Bounced and complained stay as they are; both already stop mail.
 *
 * A link from an issue's email names its delivery: the unsubscribe that link
 * made is recorded as that delivery's "unsubscribed" event, for the issue's
 * report. Only a change counts (a second click, or an address already
 * unsubscribed, adds nothing), and only a delivery of this subscriber.
 */
export async function unsubscribeWithToken(prisma: Database, options: { token: string; secret: string; now?: Date }): Promise<UnsubscribeResult> {
  const check = verifySubscriberToken(options.token, { purpose: "unsubscribe", secret: options.secret, now: options.now?.getTime() });
  if (!check.ok) return { ok: false, reason: "invalid-link" };
  await prisma.$transaction(async (tx) => {
    const changed = await tx.subscriber.updateMany({
      where: { id: check.subscriberId, status: { in: ["active", "pending"] } },
      data: { status: "unsubscribed" },
    });
    if (changed.count === 0 || !check.deliveryId) return;
    // The key makes a delivery's unsubscribe one event, however it is reached again.
    await tx.$executeRaw`
      INSERT INTO "DeliveryEvent" ("id", "webhookId", "deliveryId", "issueId", "type", "occurredAt")
      SELECT gen_random_uuid()::text, ${`unsubscribe:${check.deliveryId}`}, d."id", d."issueId", 'unsubscribed'::"DeliveryEventType", ${options.now ?? new Date()}
      FROM "Delivery" d WHERE d."id" = ${check.deliveryId} AND d."subscriberId" = ${check.subscriberId}
      ON CONFLICT ("webhookId") DO NOTHING`;
  });
  const subscriber = await prisma.subscriber.findUnique({ where: { id: check.subscriberId }, select: { publication: { select: { name: true } } } });
  return { ok: true, publicationName: subscriber?.publication.name ?? null };
}
