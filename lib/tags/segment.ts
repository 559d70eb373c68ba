import { Prisma } from "../db/generated/client";
import type { TagMatch } from "../db/generated/enums";

/** Who an issue is for: every active subscriber, or those with any (or all) of some tags. */
export type Segment = { publicationId: string; audienceTagIds: readonly string[]; audienceMatch: TagMatch };

/**
 * The segment as a condition on `"Subscriber" s`, shared by the send's
 * snapshot and the recipient count, so the number the editor confirms is the
 * number of rows the send inserts. "any" is one EXISTS on the
 * (subscriberId, tagId) primary key; "all" groups the tags' rows (the
 * (tagId, subscriberId) index) and keeps subscribers with as many as were
 * asked for (ids are distinct, so the counts compare): it reads the tagged
 * rows once rather than counting per subscriber.
 */
export function segmentCondition(segment: Segment): Prisma.Sql {
  const base = Prisma.sql`s."publicationId" = ${segment.publicationId} AND s."status" = 'active'`;
  const tagIds = [...new Set(segment.audienceTagIds)];
  if (tagIds.length === 0) return base;
  if (segment.audienceMatch === "any") {
    return Prisma.sql`${base} AND EXISTS (SELECT 1 FROM "SubscriberTag" st WHERE st."subscriberId" = s."id" AND st."tagId" = ANY(${tagIds}::text[]))`;
  }
  return Prisma.sql`${base} AND s."id" IN (SELECT st."subscriberId" FROM "SubscriberTag" st WHERE st."tagId" = ANY(${tagIds}::text[]) GROUP BY st."subscriberId" HAVING count(*) = ${tagIds.length})`;
}

/** The audience a member confirmed before sending or scheduling ("Send to 2 subscribers with any of the 1 chosen tag"). */
export type ConfirmedAudience = { tagIds: readonly string[]; match: TagMatch };

/**
 * A condition on the `"Issue"` row being updated: its stored segment is the confirmed one (the same
 * set of tags, in any order and counting a repeat once, and the same match when there are tags), or
 * true when nothing was confirmed. The guarded UPDATEs that start or schedule a send read it, so a
 * segment changed since the member's confirmation stops them rather than changing who gets the issue.
 */
export function storedAudienceIs(audience: ConfirmedAudience | undefined): Prisma.Sql {
  if (!audience) return Prisma.sql`TRUE`;
  const tagIds = [...new Set(audience.tagIds)].sort();
  return Prisma.sql`(ARRAY(SELECT DISTINCT t COLLATE "C" FROM unnest("audienceTagIds") AS t ORDER BY 1) = ${tagIds}::text[]
    AND (cardinality("audienceTagIds") = 0 OR "audienceMatch"::text = ${audience.match}))`;
}
