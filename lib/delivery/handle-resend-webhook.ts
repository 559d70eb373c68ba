/**
 * Resend's webhooks (signed the Svix / Standard Webhooks way): what happened
 * to a message after Resend accepted it. Hard bounces and complaints suppress
 * the subscriber; every event is kept per delivery, clicks with the story
 * their link belongs to, and each reader's first delivery, open and click
 * counts once in the issue's IssueEngagement; an open or a click moves the
 * subscriber's lastEngagedAt. A repeated webhook (same
 * svix-id) changes nothing. A hard bounce or a complaint about a confirmation
 * or welcome email (no ledger row: its `subscriber` tag names the reader)
 * suppresses the reader just the same.
 */
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { z } from "zod";
import { findStoryForLink } from "../blocks/find-story-for-link.ts";
import { linkAsWritten } from "../blocks/link-as-written.ts";
import { parseBlocks } from "../blocks/parse-blocks.ts";
import type { Database } from "../db/client";
import { Prisma } from "../db/generated/client";

export type WebhookHeaders = { id: string | null; timestamp: string | null; signature: string | null };

export type WebhookOutcome =
  | { ok: false; reason: "missing-signature" | "bad-signature" | "malformed" }
  | { ok: true; outcome: "recorded" | "duplicate" | "ignored" | "unknown-message"; type?: string };

const EVENT_TYPES = {
  "email.delivered": "delivered",
  "email.bounced": "bounced",
  "email.complained": "complained",
  "email.opened": "opened",
  "email.clicked": "clicked",
} as const;

/** The kinds of event IssueEngagement counts readers of, and its column for each. */
const ENGAGEMENT_COLUMNS = {
  delivered: Prisma.raw('"delivered"'),
  opened: Prisma.raw('"opened"'),
  clicked: Prisma.raw('"clicked"'),
} as const;

const eventSchema = z.object({
  type: z.string(),
  created_at: z.string().datetime({ offset: true }),
  data: z.object({
    email_id: z.string().min(1),
    bounce: z.object({ type: z.string() }).partial().optional(),
    click: z.object({ link: z.string().url() }).optional(),
    // The tags the message was sent with, as an object or as Resend's request form; each issue email has `delivery`.
    tags: z.union([z.record(z.string(), z.string()), z.array(z.object({ name: z.string(), value: z.string() }))]).optional().catch(undefined),
  }),
});

export async function handleResendWebhook(prisma: Database, options: { rawBody: string; headers: WebhookHeaders; secret: string }): Promise<WebhookOutcome> {
  const { id, timestamp, signature } = options.headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: "missing-signature" };
  try {
    // Checks the signature and that the timestamp is within 5 minutes, which stops replays.
    new Webhook(options.secret).verify(options.rawBody, { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature });
  } catch (error) {
    if (error instanceof WebhookVerificationError) return { ok: false, reason: "bad-signature" };
    throw error;
  }
  let parsed;
  try {
    parsed = eventSchema.safeParse(JSON.parse(options.rawBody));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!parsed.success) return { ok: false, reason: "malformed" };
  const event = parsed.data;
  const type = EVENT_TYPES[event.type as keyof typeof EVENT_TYPES];
  if (!type) return { ok: true, outcome: "ignored", type: event.type };

  // Resend passes on SES's classification: "Permanent" is a hard bounce.
  const bounceKind = type === "bounced" ? (event.data.bounce?.type === "Permanent" ? "hard" : "soft") : null;
  const suppresses = bounceKind === "hard" || type === "complained";
  const tags = tagsOf(event.data);

  const delivery = await findDelivery(prisma, event.data, tags);
  if (!delivery) {
    const reader = tags.category === "system" ? tags.subscriber : undefined;
    if (reader && suppresses) {
      await suppress(prisma, reader, type);
      return { ok: true, outcome: "recorded", type: event.type };
    }
    return { ok: true, outcome: "unknown-message", type: event.type };
  }

  const clicked = event.data.click?.link ?? null;
  // Only a click needs the issue's content (to find the story its link belongs to); deliveries and opens are most events.
  const blocks = clicked ? parseBlocks(await prisma.block.findMany({ where: { issueId: delivery.issueId }, orderBy: { position: "asc" }, select: { type: true, data: true } })) : null;
  // Recorded as written: a link with a greeting field reaches each reader with their address in it.
  const url = clicked && blocks?.ok ? (linkAsWritten(blocks.blocks, clicked) ?? clicked) : clicked;
  const storyId = url && blocks?.ok ? findStoryForLink(blocks.blocks, url) : null;
  const column: Prisma.Sql | undefined = ENGAGEMENT_COLUMNS[type as keyof typeof ENGAGEMENT_COLUMNS];

  return prisma.$transaction(async (tx) => {
    // The delivery's row lock makes one reader's events take turns, so of two first opens arriving
    // together exactly one sees itself as the first and counts the reader (IssueEngagement).
    if (column) await tx.$queryRaw`SELECT 1 FROM "Delivery" WHERE "id" = ${delivery.id} FOR NO KEY UPDATE`;
    const inserted = await tx.$executeRaw`
      INSERT INTO "DeliveryEvent" ("id", "webhookId", "deliveryId", "issueId", "type", "url", "storyId", "bounceKind", "occurredAt")
      VALUES (gen_random_uuid()::text, ${id}, ${delivery.id}, ${delivery.issueId}, ${type}::"DeliveryEventType", ${url}, ${storyId}, ${bounceKind}, ${new Date(event.created_at)})
      ON CONFLICT ("webhookId") DO NOTHING`;
    if (inserted === 0) return { ok: true as const, outcome: "duplicate" as const, type: event.type };
    if (column) {
      const [{ events }] = await tx.$queryRaw<[{ events: number }]>`
        SELECT count(*)::int AS "events" FROM "DeliveryEvent" WHERE "deliveryId" = ${delivery.id} AND "type" = ${type}::"DeliveryEventType"`;
      if (events === 1) {
        await tx.$executeRaw`
          INSERT INTO "IssueEngagement" ("issueId", ${column}) VALUES (${delivery.issueId}, 1)
          ON CONFLICT ("issueId") DO UPDATE SET ${column} = "IssueEngagement".${column} + 1`;
      }
    }
    if (type === "opened" || type === "clicked") {
      const at = new Date(event.created_at);
      await tx.subscriber.updateMany({ where: { id: delivery.subscriberId, OR: [{ lastEngagedAt: null }, { lastEngagedAt: { lt: at } }] }, data: { lastEngagedAt: at } });
    }
    if (suppresses) await suppress(tx, delivery.subscriberId, type);
    return { ok: true as const, outcome: "recorded" as const, type: event.type };
  });
}

/** A hard bounce makes the reader bounced (a complaint, the stronger word, stays); a complaint makes them complained. */
async function suppress(prisma: Database | Prisma.TransactionClient, subscriberId: string, type: string) {
  if (type === "complained") await prisma.subscriber.updateMany({ where: { id: subscriberId }, data: { status: "complained" } });
  else await prisma.subscriber.updateMany({ where: { id: subscriberId, status: { not: "complained" } }, data: { status: "bounced" } });
}

/** The tags the message was sent with, as an object whichever form the event gives them in. */
function tagsOf(data: z.infer<typeof eventSchema>["data"]): Record<string, string> {
  return Array.isArray(data.tags) ? Object.fromEntries(data.tags.map((tag) => [tag.name, tag.value])) : (data.tags ?? {});
}

/**
 * The ledger row an event is about: by Resend's id for the message, which the worker records with the
 * batch's outcome. An event can come before that record (an instant bounce while the record waits, or
 * a worker that died between Resend's answer and its record, whose batch is not reclaimed yet): then by
 * the `delivery` tag the message carries, on a row with no Resend id yet, which gets this one. Answered
 * "unknown", such an event would be lost, and with it a bounce's or a complaint's suppression.
 */
async function findDelivery(prisma: Database, data: z.infer<typeof eventSchema>["data"], tags: Record<string, string>) {
  const select = { id: true, subscriberId: true, issueId: true } as const;
  const known = await prisma.delivery.findFirst({ where: { providerMessageId: data.email_id }, select });
  if (known) return known;
  const deliveryId = tags.delivery;
  if (!deliveryId) return null;
  // Or already this id: two events about one message arriving together both come here, and the second
  // finds the id the first has just set (it waited on the row's lock), which is its message still.
  const claimed = await prisma.delivery.updateMany({
    where: { id: deliveryId, OR: [{ providerMessageId: null }, { providerMessageId: data.email_id }] },
    data: { providerMessageId: data.email_id },
  });
  return claimed.count === 1 ? prisma.delivery.findUnique({ where: { id: deliveryId }, select }) : null;
}
