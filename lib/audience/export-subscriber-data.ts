import type { Database } from "../db/client";
import { UNSUBSCRIBE_REASONS, type UnsubscribeReasonKey } from "../subscribers/record-unsubscribe-reason.ts";

/**
 * Everything kept about one subscriber, as JSON, for a request to see one's
 * own data (GDPR art. 15): the person, their tags, each change of status,
 * why they said they left, every issue sent to them with what the provider
 * reported (opens, clicks with the link, bounces), and the other emails the
 * built-in outbox holds for their address (confirmations, the welcome email).
 * Nothing of anyone else's; no internal ids but the subscriber's own; never
 * limited to a page, unlike the history on their page. Null for an unknown id.
 */
export async function exportSubscriberData(prisma: Database, subscriberId: string) {
  const subscriber = await prisma.subscriber.findUnique({
    where: { id: subscriberId },
    include: {
      publication: { select: { name: true, siteUrl: true } },
      tags: { select: { tag: { select: { name: true, isPublic: true } } }, orderBy: { tag: { name: "asc" } } },
      statusChanges: { orderBy: { at: "asc" }, select: { fromStatus: true, toStatus: true, at: true } },
      unsubscribeReason: { select: { reason: true, comment: true, answeredAt: true } },
      deliveries: {
        orderBy: { createdAt: "asc" },
        select: {
          status: true,
          sentAt: true,
          lastError: true,
          createdAt: true,
          issue: { select: { number: true, title: true } },
          events: { orderBy: { occurredAt: "asc" }, select: { type: true, occurredAt: true, url: true, bounceKind: true } },
        },
      },
    },
  });
  if (!subscriber) return null;
  // Issue emails are in the ledger above; the outbox also keeps the emails sent outside a send. Matched by
  // address regardless of case, as the subscriber's own uniqueness is; an erased subscriber's address is gone.
  // Exactly, not with Prisma's insensitive `equals`, whose ILIKE takes `_` for any character (lib/subscribers/find-by-address.ts).
  const otherEmails = await prisma.$queryRaw<{ subject: string; createdAt: Date }[]>`
    SELECT "subject", "createdAt" FROM "OutboxMessage"
    WHERE "deliveryId" IS NULL AND lower("toAddress") = lower(${subscriber.email})
    ORDER BY "createdAt" ASC`;
  const why = subscriber.unsubscribeReason;
  return {
    exportedAt: new Date().toISOString(),
    publication: subscriber.publication,
    subscriber: {
      id: subscriber.id,
      email: subscriber.email,
      name: subscriber.name,
      status: subscriber.status,
      source: subscriber.source,
      subscribedAt: subscriber.createdAt,
      updatedAt: subscriber.updatedAt,
      lastOpenedOrClickedAt: subscriber.lastEngagedAt,
    },
    tags: subscriber.tags.map(({ tag }) => ({ name: tag.name, topic: tag.isPublic })),
    statusChanges: subscriber.statusChanges.map((change) => ({ at: change.at, from: change.fromStatus, to: change.toStatus })),
    unsubscribeReason: why ? { answeredAt: why.answeredAt, reason: UNSUBSCRIBE_REASONS[why.reason as UnsubscribeReasonKey] ?? why.reason, comment: why.comment } : null,
    issuesSent: subscriber.deliveries.map((delivery) => ({
      issue: { number: delivery.issue.number, title: delivery.issue.title },
      status: delivery.status,
      queuedAt: delivery.createdAt,
      sentAt: delivery.sentAt,
      error: delivery.lastError,
      events: delivery.events.map((event) => ({
        type: event.type,
        at: event.occurredAt,
        ...(event.url ? { url: event.url } : {}),
        ...(event.bounceKind ? { bounce: event.bounceKind } : {}),
      })),
    })),
    otherEmails: otherEmails.map((message) => ({ subject: message.subject, sentAt: message.createdAt })),
  };
}
