import { listStories } from "../blocks/list-stories.ts";
import type { Database } from "../db/client";
import { Prisma } from "../db/generated/client";
import { countDeliveries, type DeliveryCounts } from "./get-send-progress.ts";

/** How many links the report lists, most clicked first; the per-story totals count every link. */
export const REPORT_LINK_LIMIT = 50;

export type StoryClicks = { storyId: string; headline: string; clickers: number; clicks: number };
export type LinkClicks = { url: string; storyId: string | null; headline: string | null; clickers: number; clicks: number };

export type IssueReport = {
  /** `sentAt`: when the send finished (the last row was recorded); null while it runs. */
  issue: { id: string; number: number; title: string; status: string; sentAt: Date | null };
  delivery: DeliveryCounts;
  /**
   * From the provider's webhooks, each counted once per recipient (a reader who opens twice is one
   * open). `clicks` is every click. All zero with a transport that reports nothing (outbox, SMTP),
   * except `unsubscribed`: readers who left through this issue's unsubscribe link, which the app
   * records itself (lib/subscribers/unsubscribe-with-token.ts).
   */
  engagement: { delivered: number; opened: number; clicked: number; clicks: number; hardBounced: number; softBounced: number; complained: number; unsubscribed: number };
  /** Every story of the issue, in the issue's order, with the clicks on its links (zero included). */
  stories: StoryClicks[];
  /** Clicks on links outside any story (the intro, the sign-off). */
  outsideStories: { clickers: number; clicks: number };
  /** The most clicked links, by recipients who clicked, at most REPORT_LINK_LIMIT. */
  links: LinkClicks[];
  /** How many distinct links were clicked in all. */
  linkCount: number;
};

type EventRow = { type: string; recipients: bigint; events: bigint };
type BounceRow = { bounceKind: string | null; recipients: bigint };
type StoryRow = { storyId: string | null; recipients: bigint; events: bigint };
type LinkRow = { url: string; storyId: string | null; recipients: bigint; events: bigint; linkCount: bigint };

/**
 * How a sent issue did: the ledger's counts, and what the provider reported
 * about the messages (delivered, opened, clicked per story and per link,
 * bounced, complained). Null for an unknown issue. Counts only: who opened or
 * clicked is on each subscriber's page, for those who may see subscribers.
 */
export async function getIssueReport(prisma: Database, issueId: string): Promise<IssueReport | null> {
  const issue = await prisma.issue.findUnique({
    where: { id: issueId },
    select: { id: true, number: true, title: true, status: true, sentAt: true, blocks: { orderBy: { position: "asc" }, select: { data: true } } },
  });
  if (!issue) return null;
  // Every event carries its issue: the ("issueId", "type", "deliveryId") index holds this issue's events
  // in the order the per-reader counts need, so they are read in order, not sorted (bench:report).
  const [delivery, events, bounces, byStory, byLink] = await Promise.all([
    countDeliveries(prisma, issueId),
    prisma.$queryRaw<EventRow[]>`
      SELECT "type"::text AS "type", count(*) AS "recipients", sum("n") AS "events"
      FROM (SELECT "type", "deliveryId", count(*) AS "n" FROM "DeliveryEvent" WHERE "issueId" = ${issueId} GROUP BY 1, 2) "perReader"
      GROUP BY 1`,
    prisma.$queryRaw<BounceRow[]>`
      SELECT "bounceKind", count(DISTINCT "deliveryId") AS "recipients"
      FROM "DeliveryEvent" WHERE "issueId" = ${issueId} AND "type" = 'bounced'
      GROUP BY 1`,
    prisma.$queryRaw<StoryRow[]>`
      SELECT "storyId", count(DISTINCT "deliveryId") AS "recipients", count(*) AS "events"
      FROM "DeliveryEvent" WHERE "issueId" = ${issueId} AND "type" = 'clicked'
      GROUP BY 1`,
    prisma.$queryRaw<LinkRow[]>`
      SELECT "url", "storyId", count(DISTINCT "deliveryId") AS "recipients", count(*) AS "events", count(*) OVER () AS "linkCount"
      FROM "DeliveryEvent" WHERE "issueId" = ${issueId} AND "type" = 'clicked' AND "url" IS NOT NULL
      GROUP BY 1, 2
      ORDER BY 3 DESC, 4 DESC, 1
      LIMIT ${Prisma.raw(String(REPORT_LINK_LIMIT))}`,
  ]);

  const recipients = (type: string) => Number(events.find((row) => row.type === type)?.recipients ?? 0);
  const bounced = (kind: string) => Number(bounces.find((row) => row.bounceKind === kind)?.recipients ?? 0);
  const headlines = new Map(issue.blocks.flatMap((block) => listStories(block)).map((story) => [story.id, story.headline]));
  const clicksOf = new Map(byStory.map((row) => [row.storyId, row]));
  const outside = clicksOf.get(null);
  return {
    issue: { id: issue.id, number: issue.number, title: issue.title, status: issue.status, sentAt: issue.sentAt },
    delivery,
    engagement: {
      delivered: recipients("delivered"),
      opened: recipients("opened"),
      clicked: recipients("clicked"),
      clicks: Number(events.find((row) => row.type === "clicked")?.events ?? 0),
      hardBounced: bounced("hard"),
      softBounced: bounced("soft"),
      complained: recipients("complained"),
      unsubscribed: recipients("unsubscribed"),
    },
    stories: [
      ...[...headlines].map(([storyId, headline]) => ({ storyId, headline, clickers: Number(clicksOf.get(storyId)?.recipients ?? 0), clicks: Number(clicksOf.get(storyId)?.events ?? 0) })),
      // A story a correction took out of the web version after its links were clicked: still counted, under its anchor.
      ...byStory.filter((row) => row.storyId !== null && !headlines.has(row.storyId)).map((row) => ({ storyId: row.storyId!, headline: `#${row.storyId}`, clickers: Number(row.recipients), clicks: Number(row.events) })),
    ],
    outsideStories: { clickers: Number(outside?.recipients ?? 0), clicks: Number(outside?.events ?? 0) },
    links: byLink.map((row) => ({
      url: row.url,
      storyId: row.storyId,
      headline: row.storyId ? (headlines.get(row.storyId) ?? null) : null,
      clickers: Number(row.recipients),
      clicks: Number(row.events),
    })),
    linkCount: Number(byLink[0]?.linkCount ?? 0),
  };
}
