import type { Database } from "../db/client";

export type HistoryEntry = { at: Date; kind: string; detail: string };

/**
 * What happened with one subscriber, newest first: when they joined, each
 * issue sent to them and what the provider reported (delivered, opened,
 * clicked, bounced, complained), and an unsubscribe through an issue's link.
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
  entries.sort((a, b) => b.at.getTime() - a.at.getTime());
  const { deliveries: _deliveries, ...person } = subscriber;
  return { subscriber: person, entries };
}
