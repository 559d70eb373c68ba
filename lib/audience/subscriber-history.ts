import type { Database } from "../db/client";
import { UNSUBSCRIBE_REASONS, type UnsubscribeReasonKey } from "../subscribers/record-unsubscribe-reason.ts";

export type HistoryEntry = { at: Date; kind: string; detail: string };

/**
 * What happened with one subscriber, newest first: when they joined, each
 * change of their status (from the log the triggers keep), each issue sent
 * to them and what the provider reported (delivered, opened, clicked,
 * bounced, complained), an unsubscribe through an issue's link, and why they
 * said they left.
 */
export async function subscriberHistory(prisma: Database, subscriberId: string) {
  const subscriber = await prisma.subscriber.findUnique({
    where: { id: subscriberId },
    include: {
      deliveries: {
        orderBy: { createdAt: "desc" },
        take: 200,
        include: { issue: { select: { number: true, title: true } }, events: { orderBy: { occurredAt: "asc" } } },
      },
      // Arrivals have fromStatus null: "joined" below says that already.
      statusChanges: { where: { fromStatus: { not: null } }, orderBy: { at: "desc" }, take: 200, select: { fromStatus: true, toStatus: true, at: true } },
      unsubscribeReason: { select: { reason: true, comment: true, answeredAt: true } },
    },
  });
  if (!subscriber) return null;
  const entries: HistoryEntry[] = [{ at: subscriber.createdAt, kind: "joined", detail: `Added (${subscriber.source})` }];
  for (const delivery of subscriber.deliveries) {
    const issue = `#${delivery.issue.number} ${delivery.issue.title}`;
    if (delivery.sentAt) entries.push({ at: delivery.sentAt, kind: "sent", detail: `Sent ${issue}` });
    else if (delivery.status === "failed") entries.push({ at: delivery.updatedAt, kind: "failed", detail: `Not delivered: ${issue} (${delivery.lastError ?? "failed"})` });
    else entries.push({ at: delivery.createdAt, kind: delivery.status, detail: `${delivery.status === "queued" ? "Queued" : "In flight"}: ${issue}` });
    for (const event of delivery.events) {
      const what =
        event.type === "clicked"
          ? `Clicked ${event.url ?? "a link"} in ${issue}`
          : event.type === "bounced"
            ? `Bounced (${event.bounceKind}) on ${issue}`
            : event.type === "unsubscribed"
              ? `Unsubscribed through the link in ${issue}`
              : `${event.type[0]!.toUpperCase()}${event.type.slice(1)}: ${issue}`;
      entries.push({ at: event.occurredAt, kind: event.type, detail: what });
    }
  }
  for (const change of subscriber.statusChanges) {
    entries.push({ at: change.at, kind: "status", detail: `Status: ${change.fromStatus} → ${change.toStatus}` });
  }
  const why = subscriber.unsubscribeReason;
  if (why) {
    const label = UNSUBSCRIBE_REASONS[why.reason as UnsubscribeReasonKey] ?? why.reason;
    entries.push({ at: why.answeredAt, kind: "reason", detail: `Said why they left: ${label}${why.comment ? ` (“${why.comment}”)` : ""}` });
  }
  entries.sort((a, b) => b.at.getTime() - a.at.getTime());
  const { deliveries: _deliveries, statusChanges: _statusChanges, unsubscribeReason: _unsubscribeReason, ...person } = subscriber;
  return { subscriber: person, entries };
}
