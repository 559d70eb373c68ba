import { Prisma } from "../db/generated/client";
import type { SubscriberStatus } from "../db/generated/enums";
import type { Database } from "../db/client";

export const SUBSCRIBERS_PER_PAGE = 50;
export const SUBSCRIBER_STATUSES = ["active", "pending", "unsubscribed", "bounced", "complained"] as const satisfies readonly SubscriberStatus[];
export const SUBSCRIBER_SORTS = ["newest", "oldest", "email"] as const;
export type SubscriberSort = (typeof SUBSCRIBER_SORTS)[number];

/** `tagId`: only subscribers carrying this tag. */
export type SubscriberFilter = { publicationId: string; status?: SubscriberStatus; query?: string; tagId?: string };

/** The filter as SQL, shared by the list, the counts and the CSV export. */
export function subscriberWhere(filter: SubscriberFilter): Prisma.SubscriberWhereInput {
  const query = filter.query?.trim();
  return {
    publicationId: filter.publicationId,
    ...(filter.status ? { status: filter.status } : {}),
    ...(query ? { OR: [{ email: { contains: query, mode: "insensitive" } }, { name: { contains: query, mode: "insensitive" } }] } : {}),
    // A semi-join on SubscriberTag's primary key (subscriberId, tagId): the page still walks its sort index.
    ...(filter.tagId ? { tags: { some: { tagId: filter.tagId } } } : {}),
  };
}

const ORDER: Record<SubscriberSort, Prisma.SubscriberOrderByWithRelationInput[]> = {
  newest: [{ createdAt: "desc" }, { id: "desc" }],
  oldest: [{ createdAt: "asc" }, { id: "asc" }],
  email: [{ email: "asc" }, { id: "asc" }],
};

/**
 * One page of subscribers. Keyset pagination: the cursor is the last row's
 * id, and Prisma turns it into a seek on the sort key, so page 2,000 costs
 * what page 1 does (no OFFSET).
 */
export async function listSubscribers(prisma: Database, filter: SubscriberFilter & { sort?: SubscriberSort; after?: string }) {
  const sort = filter.sort ?? "newest";
  const rows = await prisma.subscriber.findMany({
    where: subscriberWhere(filter),
    orderBy: ORDER[sort],
    take: SUBSCRIBERS_PER_PAGE + 1,
    ...(filter.after ? { cursor: { id: filter.after }, skip: 1 } : {}),
    select: { id: true, email: true, name: true, status: true, source: true, createdAt: true, tags: { select: { tag: { select: { id: true, name: true } } }, orderBy: { tag: { name: "asc" } } } },
  });
  const more = rows.length > SUBSCRIBERS_PER_PAGE;
  const subscribers = more ? rows.slice(0, SUBSCRIBERS_PER_PAGE) : rows;
  return { subscribers, nextCursor: more ? subscribers.at(-1)!.id : null };
}

/** How many subscribers have each status (with the search and the tag applied), and the total. */
export async function countSubscribers(prisma: Database, filter: Omit<SubscriberFilter, "status">) {
  const groups = await prisma.subscriber.groupBy({ by: ["status"], where: subscriberWhere(filter), _count: { _all: true } });
  const byStatus = Object.fromEntries(SUBSCRIBER_STATUSES.map((status) => [status, groups.find((g) => g.status === status)?._count._all ?? 0])) as Record<SubscriberStatus, number>;
  return { byStatus, total: Object.values(byStatus).reduce((a, b) => a + b, 0) };
}
