/**
 * Who reads: each subscriber's latest open or click (Subscriber.lastEngagedAt, moved by the Resend
 * webhook), and the subscribers page's filter on it, shared by the list, the counts, the CSV export
 * and tagging a whole view (lib/audience/list-subscribers.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { exportSubscribersCsv } from "@/lib/audience/export-subscribers";
import { countSubscribers, listSubscribers } from "@/lib/audience/list-subscribers";
import { parseSubscriberFilter } from "@/lib/audience/parse-subscriber-filter";
import { tagSubscribers } from "@/lib/audience/tag-subscribers";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createSubscriber } from "../helpers/factories";
import { postWebhook, resendEvent, sendThroughResend, WEBHOOK_SECRET } from "../helpers/resend-webhooks";

const prisma = testDb();
beforeAll(() => {
  process.env.RESEND_WEBHOOK_SECRET = WEBHOOK_SECRET;
});
beforeEach(resetDatabase);

const DAY = 86_400_000;
const lastEngaged = async (subscriberId: string) => (await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriberId }, select: { lastEngagedAt: true } })).lastEngagedAt;

async function post(type: string, emailId: string, at: Date, data: object = {}, id?: string) {
  const response = await postWebhook({ ...resendEvent(type, emailId, data), created_at: at.toISOString() }, { id });
  expect(response.status).toBe(200);
}

describe("a subscriber's latest open or click", () => {
  it("moves forward with each open or click the provider reports, never back, and not for a delivery", async () => {
    const [delivery] = await sendThroughResend(prisma, 1);
    const { subscriberId, providerMessageId } = delivery!;
    expect(await lastEngaged(subscriberId)).toBeNull();
    await post("email.delivered", providerMessageId!, new Date("2026-11-02T08:00:00Z"));
    expect(await lastEngaged(subscriberId)).toBeNull();
    await post("email.opened", providerMessageId!, new Date("2026-11-02T09:00:00Z"));
    expect(await lastEngaged(subscriberId)).toEqual(new Date("2026-11-02T09:00:00Z"));
    await post("email.clicked", providerMessageId!, new Date("2026-11-03T07:30:00Z"), { click: { link: "https://example.com/a" } }, "msg_click");
    expect(await lastEngaged(subscriberId)).toEqual(new Date("2026-11-03T07:30:00Z"));
    // Webhooks arrive out of order, and repeat: an older open leaves it where it is.
    await post("email.opened", providerMessageId!, new Date("2026-11-02T12:00:00Z"));
    await post("email.clicked", providerMessageId!, new Date("2026-11-03T07:30:00Z"), { click: { link: "https://example.com/a" } }, "msg_click");
    expect(await lastEngaged(subscriberId)).toEqual(new Date("2026-11-03T07:30:00Z"));
  });

  it("is filled in by its migration from the opens and clicks recorded before it", async () => {
    const [a, b] = await sendThroughResend(prisma, 2);
    await post("email.opened", a!.providerMessageId!, new Date("2026-10-01T08:00:00Z"));
    await post("email.clicked", a!.providerMessageId!, new Date("2026-10-04T08:00:00Z"), { click: { link: "https://example.com/b" } });
    await post("email.delivered", b!.providerMessageId!, new Date("2026-10-05T08:00:00Z"));
    await prisma.subscriber.updateMany({ data: { lastEngagedAt: null } });
    const migrations = path.join(process.cwd(), "prisma/migrations");
    const migration = readFileSync(path.join(migrations, readdirSync(migrations).find((name) => name.endsWith("_subscriber_last_engaged"))!, "migration.sql"), "utf8");
    await prisma.$executeRawUnsafe(migration.slice(migration.indexOf('UPDATE "Subscriber"')));
    expect(await lastEngaged(a!.subscriberId)).toEqual(new Date("2026-10-04T08:00:00Z"));
    expect(await lastEngaged(b!.subscriberId)).toBeNull();
  });
});

describe("the subscribers page's filter on opens and clicks", () => {
  it("finds who read in the last 90 days, and who has been on the list that long without reading, alike in the list, the counts, the export and tagging", async () => {
    const publication = await createPublication(prisma);
    const now = Date.now();
    const add = (email: string, joinedDaysAgo: number, engagedDaysAgo: number | null, status: "active" | "unsubscribed" = "active") =>
      createSubscriber(prisma, {
        publicationId: publication.id,
        email,
        status,
        createdAt: new Date(now - joinedDaysAgo * DAY),
        lastEngagedAt: engagedDaysAgo === null ? null : new Date(now - engagedDaysAgo * DAY),
      });
    await add("reader@mail.example.com", 200, 10);
    await add("lapsed@mail.example.com", 200, 100);
    await add("silent@mail.example.com", 200, null);
    await add("newcomer@mail.example.com", 30, null);
    await add("gone@mail.example.com", 300, null, "unsubscribed");
    const emails = async (engagement: string) =>
      (await listSubscribers(prisma, { publicationId: publication.id, ...parseSubscriberFilter({ engagement }), sort: "email" })).subscribers.map((s) => s.email);

    expect(await emails("engaged")).toEqual(["reader@mail.example.com"]);
    expect(await emails("inactive")).toEqual(["gone@mail.example.com", "lapsed@mail.example.com", "silent@mail.example.com"]);
    // Unknown values filter nothing.
    expect(await emails("bogus")).toHaveLength(5);
    expect((await countSubscribers(prisma, { publicationId: publication.id, engagement: "inactive" })).byStatus).toMatchObject({ active: 2, unsubscribed: 1 });

    const exported = parse(await new Response(exportSubscribersCsv(prisma, { publicationId: publication.id, status: "active", engagement: "inactive" })).text(), { columns: true }) as { email: string }[];
    expect(exported.map((row) => row.email).sort()).toEqual(["lapsed@mail.example.com", "silent@mail.example.com"]);

    const tag = await prisma.tag.create({ data: { publicationId: publication.id, name: "Win back", slug: "win-back" } });
    expect(await tagSubscribers(prisma, { tagId: tag.id, action: "add", scope: { kind: "filter", status: "active", engagement: "inactive" } })).toEqual({ ok: true, changed: 2 });
    const tagged = await prisma.subscriber.findMany({ where: { tags: { some: { tagId: tag.id } } }, select: { email: true }, orderBy: { email: "asc" } });
    expect(tagged.map((s) => s.email)).toEqual(["lapsed@mail.example.com", "silent@mail.example.com"]);
    expect(await tagSubscribers(prisma, { tagId: tag.id, action: "add", scope: { kind: "filter", engagement: "sometimes" } })).toMatchObject({ ok: false });
  });
});
