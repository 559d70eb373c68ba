import { verifySubscriberToken } from "../auth/subscriber-token.ts";
import type { Database } from "../db/client";

export type UnsubscribeResult = { ok: true; publicationName: string | null } | { ok: false; reason: "invalid-link" };

/**
 * Unsubscribes the subscriber a signed unsubscribe token names, at once and
 * idempotently. The answer is the same whether that subscriber still exists,
 * was already unsubscribed or was never active: a link must not reveal who is
 * subscribed. Bounced and complained stay as they are; both already stop mail.
 */
export async function unsubscribeWithToken(prisma: Database, options: { token: string; secret: string; now?: Date }): Promise<UnsubscribeResult> {
  const check = verifySubscriberToken(options.token, { purpose: "unsubscribe", secret: options.secret, now: options.now?.getTime() });
  if (!check.ok) return { ok: false, reason: "invalid-link" };
  await prisma.subscriber.updateMany({
    where: { id: check.subscriberId, status: { in: ["active", "pending"] } },
    data: { status: "unsubscribed" },
  });
  const subscriber = await prisma.subscriber.findUnique({ where: { id: check.subscriberId }, select: { publication: { select: { name: true } } } });
  return { ok: true, publicationName: subscriber?.publication.name ?? null };
}
