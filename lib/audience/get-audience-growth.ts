import type { Database } from "../db/client";

export const GROWTH_WEEKS = [12, 26, 52] as const;
export type GrowthWeeks = (typeof GROWTH_WEEKS)[number];

export type GrowthWeek = {
  /** Monday of the week, as a calendar date in the publication's time zone: "2026-11-23". */
  week: string;
  /** Became active: confirmed, added or imported as active, or came back. */
  joined: number;
  /** Left the active list: unsubscribed, or bounced or complained (suppressed). */
  unsubscribed: number;
  suppressed: number;
  net: number;
  /** Active subscribers when the week ended (or now, for this week). */
  activeAtEnd: number;
};

type Row = { week: string; joined: number; unsubscribed: number; suppressed: number };

/**
 * The audience's growth, week by week (weeks start on Monday in the publication's time zone), for
 * the last `weeks` weeks, this one included: who joined the active list and who left it, from the
 * log of status changes a trigger keeps (SubscriberStatusChange). Only moves into and out of
 * "active" count, so pending sign-ups that never confirm are in neither column. The active count at
 * each week's end is worked back from today's.
 */
export async function getAudienceGrowth(prisma: Database, options: { publicationId: string; timezone: string; weeks: GrowthWeeks; now?: Date }) {
  const now = options.now ?? new Date();
  const { publicationId, timezone, weeks } = options;
  // The window's first Monday, midnight in the publication's zone: as a date for the rows, as an instant for the query.
  const [{ firstWeek, since }] = await prisma.$queryRaw<[{ firstWeek: string; since: Date }]>`
    WITH "first" AS (SELECT date_trunc('week', (${now}::timestamptz) AT TIME ZONE ${timezone}) - make_interval(weeks => ${weeks - 1}::int) AS "monday")
    SELECT to_char("monday", 'YYYY-MM-DD') AS "firstWeek", "monday" AT TIME ZONE ${timezone} AS "since" FROM "first"`;
  const [rows, active] = await Promise.all([
    prisma.$queryRaw<Row[]>`
      WITH "changes" AS (
        SELECT date_trunc('week', ("at" AT TIME ZONE 'UTC') AT TIME ZONE ${timezone})::date AS "week", "fromStatus", "toStatus"
        FROM "SubscriberStatusChange"
        WHERE "publicationId" = ${publicationId} AND "at" >= (${since}::timestamptz AT TIME ZONE 'UTC') AND "at" <= (${now}::timestamptz AT TIME ZONE 'UTC')
      )
      SELECT to_char("week", 'YYYY-MM-DD') AS "week",
             count(*) FILTER (WHERE "toStatus" = 'active' AND "fromStatus" IS DISTINCT FROM 'active')::int AS "joined",
             count(*) FILTER (WHERE "fromStatus" = 'active' AND "toStatus" = 'unsubscribed')::int AS "unsubscribed",
             count(*) FILTER (WHERE "fromStatus" = 'active' AND "toStatus" IN ('bounced', 'complained'))::int AS "suppressed"
      FROM "changes" GROUP BY "week"`,
    prisma.subscriber.count({ where: { publicationId, status: "active" } }),
  ]);
  const byWeek = new Map(rows.map((row) => [row.week, row]));
  const result: GrowthWeek[] = [];
  for (let index = 0; index < weeks; index++) {
    const week = addDays(firstWeek, 7 * index);
    const row = byWeek.get(week);
    const joined = row?.joined ?? 0;
    const unsubscribed = row?.unsubscribed ?? 0;
    const suppressed = row?.suppressed ?? 0;
    result.push({ week, joined, unsubscribed, suppressed, net: joined - unsubscribed - suppressed, activeAtEnd: 0 });
  }
  // Today's count is the end of the last week; each earlier week ended before the later weeks' moves.
  let activeAtEnd = active;
  for (let index = result.length - 1; index >= 0; index--) {
    result[index]!.activeAtEnd = activeAtEnd;
    activeAtEnd -= result[index]!.net;
  }
  const totals = result.reduce((sum, week) => ({ joined: sum.joined + week.joined, left: sum.left + week.unsubscribed + week.suppressed }), { joined: 0, left: 0 });
  return { weeks: result, since, active, activeAtStart: activeAtEnd, ...totals };
}

/** A calendar date "YYYY-MM-DD" moved by whole days, without time zones (UTC arithmetic on a date). */
function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
