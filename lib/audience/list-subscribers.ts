import { Prisma } from "../db/generated/client";
import type { SubscriberStatus } from "../db/generated/enums";
import type { Database } from "../db/client";
import { likeLiteral } from "../db/like-literal.ts";

export const SUBSCRIBERS_PER_PAGE = 50;
export const SUBSCRIBER_STATUSES = ["active", "pending", "unsubscribed", "bounced", "complained"] as const satisfies readonly SubscriberStatus[];
export const SUBSCRIBER_SORTS = ["newest", "oldest", "email"] as const;
export type SubscriberSort = (typeof SUBSCRIBER_SORTS)[number];

export const SUBSCRIBER_ENGAGEMENTS = ["engaged", "inactive"] as const;
export type SubscriberEngagement = (typeof SUBSCRIBER_ENGAGEMENTS)[number];
/** How far back an open or a click counts: about a quarter, a dozen weekly issues. */
export const ENGAGEMENT_DAYS = 90;

/**
 * `tagId`: only subscribers carrying this tag. `engagement`: "engaged" opened or clicked something
 * in the last ENGAGEMENT_DAYS; "inactive" did not, and has been on the list that long (someone who
 * joined last week has had no chance yet). Opens and clicks come from the provider's webhooks.
 */
export type SubscriberFilter = {
  publicationId: string;
  status?: SubscriberStatus;
  query?: string;
  tagId?: string;
  engagement?: SubscriberEngagement;
  /** Leave out erased rows (anonymous, kept for the counts): the API lists people. */
  withoutErased?: boolean;
  now?: Date;
};

/** The filter as SQL, shared by the list, the counts, the CSV export and tagging a whole view. */
export function subscriberWhere(filter: SubscriberFilter): Prisma.SubscriberWhereInput {
  const query = filter.query?.trim();
  const since = new Date((filter.now ?? new Date()).getTime() - ENGAGEMENT_DAYS * 86_400_000);
  const conditions: Prisma.SubscriberWhereInput[] = [];
  if (query) conditions.push({ OR: [{ email: { contains: likeLiteral(query), mode: "insensitive" } }, { name: { contains: likeLiteral(query), mode: "insensitive" } }] });
  if (filter.engagement === "engaged") conditions.push({ lastEngagedAt: { gte: since } });
  if (filter.engagement === "inactive") conditions.push({ createdAt: { lt: since }, OR: [{ lastEngagedAt: null }, { lastEngagedAt: { lt: since } }] });
  if (filter.withoutErased) conditions.push({ NOT: { source: "erased" } });
  return {
    publicationId: filter.publicationId,
    ...(filter.status ? { status: filter.status } : {}),
    ...(conditions.length ? { AND: conditions } : {}),
    // A semi-join on SubscriberTag's primary key (subscriberId, tagId): the page still walks its sort index.
    ...(filter.tagId ? { tags: { some: { tagId: filter.tagId } } } : {}),
  };
}

/** Each sort as the list and its CSV export read it: the list's sort key, then the id, so no two rows tie. */
export const SUBSCRIBER_ORDER: Record<SubscriberSort, Prisma.SubscriberOrderByWithRelationInput[]> = {
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
    orderBy: SUBSCRIBER_ORDER[sort],
    take: SUBSCRIBERS_PER_PAGE + 1,
    ...(filter.after ? { cursor: { id: filter.after }, skip: 1 } : {}),
    select: { id: true, email: true, name: true, status: true, source: true, createdAt: true, lastEngagedAt: true, tags: { select: { tag: { select: { id: true, name: true } } }, orderBy: { tag: { name: "asc" } } } },
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
