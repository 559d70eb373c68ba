import type { SubscriberStatus } from "../db/generated/enums";
import { SUBSCRIBER_ENGAGEMENTS, SUBSCRIBER_SORTS, SUBSCRIBER_STATUSES, type SubscriberEngagement, type SubscriberSort } from "./list-subscribers.ts";

/** The subscribers page's query string, with anything unknown dropped. */
export function parseSubscriberFilter(params: Record<string, string | undefined>) {
  const status = (SUBSCRIBER_STATUSES as readonly string[]).includes(params.status ?? "") ? (params.status as SubscriberStatus) : undefined;
  const sort = (SUBSCRIBER_SORTS as readonly string[]).includes(params.sort ?? "") ? (params.sort as SubscriberSort) : "newest";
  const query = params.q?.trim().slice(0, 200) || undefined;
  const after = params.after && /^[\w-]{1,64}$/.test(params.after) ? params.after : undefined;
  // A tag id; an unknown one simply matches nobody.
  const tagId = params.tag && /^[\w-]{1,64}$/.test(params.tag) ? params.tag : undefined;
  const engagement = (SUBSCRIBER_ENGAGEMENTS as readonly string[]).includes(params.engagement ?? "") ? (params.engagement as SubscriberEngagement) : undefined;
  return { status, sort, query, after, tagId, engagement };
}
