/**
 * The audience's growth: the trigger that logs every arrival and status change of a subscriber
 * (prisma/constraints.sql), and the weekly counts read from that log (lib/audience/get-audience-growth.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { signingSecret } from "@/lib/auth/signing-secret";
import { signSubscriberToken } from "@/lib/auth/subscriber-token";
import { getAudienceGrowth } from "@/lib/audience/get-audience-growth";
import { eraseSubscriber } from "@/lib/audience/manage-subscriber";
import type { Actor } from "@/lib/auth/permissions";
import { unsubscribeWithToken } from "@/lib/subscribers/unsubscribe-with-token";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createSubscriber, createUser } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

const changes = (subscriberId: string) =>
  prisma.subscriberStatusChange.findMany({ where: { subscriberId }, orderBy: { id: "asc" }, select: { fromStatus: true, toStatus: true, at: true } });

/** Moves a logged change to a moment of the test's story (the trigger dates changes by the clock). */
async function dateChange(subscriberId: string, toStatus: string, at: string) {
  const moved = await prisma.$executeRaw`UPDATE "SubscriberStatusChange" SET "at" = ${new Date(at)} WHERE "subscriberId" = ${subscriberId} AND "toStatus" = ${toStatus}::"SubscriberStatus"`;
  expect(moved).toBe(1);
}

describe("the log of subscribers' statuses", () => {
  it("records an arrival at its created date, and each change of status, whichever code makes it; nothing for other edits", async () => {
    const publication = await createPublication(prisma);
    const owner = await createUser(prisma, { role: "owner" });
    const actor: Actor = { id: owner.id, role: "owner", email: owner.email, name: null };
    const imported = await createSubscriber(prisma, { publicationId: publication.id, status: "active", createdAt: new Date("2025-03-01T09:00:00Z") });
    expect(await changes(imported.id)).toEqual([{ fromStatus: null, toStatus: "active", at: new Date("2025-03-01T09:00:00Z") }]);

    // An unsubscribe link, then an edit of the name only.
    const before = Date.now();
    const token = signSubscriberToken({ subscriberId: imported.id, purpose: "unsubscribe", secret: signingSecret() });
    expect(await unsubscribeWithToken(prisma, { token, secret: signingSecret() })).toMatchObject({ ok: true });
    await prisma.subscriber.update({ where: { id: imported.id }, data: { name: "Renamed" } });
    const logged = await changes(imported.id);
    expect(logged.slice(1)).toEqual([{ fromStatus: "active", toStatus: "unsubscribed", at: expect.any(Date) }]);
    // Stored in UTC, as Prisma stores every time.
    expect(Math.abs(logged[1]!.at.getTime() - before)).toBeLessThan(60_000);

    // Erasure of an active subscriber, and a bulk change of several rows in one statement.
    const erased = await createSubscriber(prisma, { publicationId: publication.id, status: "active" });
    expect(await eraseSubscriber(prisma, actor, { id: erased.id })).toBe(true);
    expect((await changes(erased.id)).map((change) => [change.fromStatus, change.toStatus])).toEqual([
      [null, "active"],
      ["active", "unsubscribed"],
    ]);
    const pending = await Promise.all([1, 2, 3].map(() => createSubscriber(prisma, { publicationId: publication.id, status: "pending" })));
    expect(await prisma.subscriber.updateMany({ where: { id: { in: pending.map((s) => s.id) } }, data: { status: "active" } })).toEqual({ count: 3 });
    for (const subscriber of pending) expect((await changes(subscriber.id)).map((change) => change.toStatus)).toEqual(["pending", "active"]);
    expect(await prisma.subscriberStatusChange.count()).toBe(1 + 1 + 2 + 6);

    // An import's upsert (INSERT … ON CONFLICT DO UPDATE): one new row arrives, one pending row becomes active.
    const waiting = await createSubscriber(prisma, { publicationId: publication.id, status: "pending", email: "waiting@mail.example.com" });
    await prisma.$executeRaw`
      INSERT INTO "Subscriber" ("id", "publicationId", "email", "status", "source", "createdAt", "updatedAt")
      VALUES ('imported-new', ${publication.id}, 'new@mail.example.com', 'active', 'import', ${new Date("2024-05-01T00:00:00Z")}, now()),
             ('imported-dup', ${publication.id}, 'waiting@mail.example.com', 'active', 'import', now(), now())
      ON CONFLICT ("publicationId", lower("email")) DO UPDATE SET "status" = EXCLUDED."status"`;
    expect(await changes("imported-new")).toEqual([{ fromStatus: null, toStatus: "active", at: new Date("2024-05-01T00:00:00Z") }]);
    expect((await changes(waiting.id)).map((change) => [change.fromStatus, change.toStatus])).toEqual([
      [null, "pending"],
      ["pending", "active"],
    ]);
  });

  it("is filled in by its migration for the subscribers already there: each arrives, in today's status, when added", async () => {
    const publication = await createPublication(prisma);
    const active = await createSubscriber(prisma, { publicationId: publication.id, status: "active", createdAt: new Date("2026-01-05T08:00:00Z") });
    const gone = await createSubscriber(prisma, { publicationId: publication.id, status: "bounced", createdAt: new Date("2026-02-05T08:00:00Z") });
    await prisma.subscriberStatusChange.deleteMany();
    const migrations = path.join(process.cwd(), "prisma/migrations");
    const migration = readFileSync(path.join(migrations, readdirSync(migrations).find((name) => name.endsWith("_subscriber_growth"))!, "migration.sql"), "utf8");
    await prisma.$executeRawUnsafe(migration.slice(migration.lastIndexOf('INSERT INTO "SubscriberStatusChange"')));
    expect(await changes(active.id)).toEqual([{ fromStatus: null, toStatus: "active", at: new Date("2026-01-05T08:00:00Z") }]);
    expect(await changes(gone.id)).toEqual([{ fromStatus: null, toStatus: "bounced", at: new Date("2026-02-05T08:00:00Z") }]);
  });
});

describe("the audience's growth, week by week", () => {
  it("counts who joined and who left in each week of the publication's time zone, and the active list at each week's end", async () => {
    const publication = await createPublication(prisma, { timezone: "Europe/Berlin" });
    const other = await createPublication(prisma, { name: "Other" });
    const add = (status: "active" | "pending", createdAt: string) => createSubscriber(prisma, { publicationId: publication.id, status, createdAt: new Date(createdAt) });
    // Sunday 23:30 UTC is Monday 00:30 in Berlin: the week of 30 November. An hour earlier is still Sunday there.
    await add("active", "2026-11-29T23:30:00Z");
    await add("active", "2026-11-29T22:30:00Z");
    // Signed up on 10 November, confirmed the next day.
    const confirmed = await add("pending", "2026-11-10T10:00:00Z");
    await prisma.subscriber.update({ where: { id: confirmed.id }, data: { status: "active" } });
    await dateChange(confirmed.id, "active", "2026-11-11T10:00:00Z");
    // Active since June (before the window), unsubscribed on 18 November.
    const left = await add("active", "2026-06-01T10:00:00Z");
    await prisma.subscriber.update({ where: { id: left.id }, data: { status: "unsubscribed" } });
    await dateChange(left.id, "unsubscribed", "2026-11-18T10:00:00Z");
    // Joined in October, hard-bounced on 25 November.
    const bounced = await add("active", "2026-10-05T10:00:00Z");
    await prisma.subscriber.update({ where: { id: bounced.id }, data: { status: "bounced" } });
    await dateChange(bounced.id, "bounced", "2026-11-25T10:00:00Z");
    // Never confirmed; and readers of another publication.
    await add("pending", "2026-11-20T10:00:00Z");
    await createSubscriber(prisma, { publicationId: other.id, status: "active", createdAt: new Date("2026-11-24T10:00:00Z") });

    const growth = await getAudienceGrowth(prisma, { publicationId: publication.id, timezone: "Europe/Berlin", weeks: 12, now: new Date("2026-11-30T12:00:00Z") });
    expect(growth.weeks).toHaveLength(12);
    expect(growth.weeks[0]!.week).toBe("2026-09-14");
    const moved = growth.weeks.filter((week) => week.joined || week.unsubscribed || week.suppressed);
    expect(moved).toEqual([
      { week: "2026-10-05", joined: 1, unsubscribed: 0, suppressed: 0, net: 1, activeAtEnd: 2 },
      { week: "2026-11-09", joined: 1, unsubscribed: 0, suppressed: 0, net: 1, activeAtEnd: 3 },
      { week: "2026-11-16", joined: 0, unsubscribed: 1, suppressed: 0, net: -1, activeAtEnd: 2 },
      { week: "2026-11-23", joined: 1, unsubscribed: 0, suppressed: 1, net: 0, activeAtEnd: 2 },
      { week: "2026-11-30", joined: 1, unsubscribed: 0, suppressed: 0, net: 1, activeAtEnd: 3 },
    ]);
    expect(growth.weeks[0]!.activeAtEnd).toBe(1);
    expect(growth).toMatchObject({ active: 3, activeAtStart: 1, joined: 4, left: 2 });

    // In UTC, the Sunday-night arrival falls in the week before.
    const utc = await getAudienceGrowth(prisma, { publicationId: publication.id, timezone: "UTC", weeks: 12, now: new Date("2026-11-30T12:00:00Z") });
    expect(utc.weeks.find((week) => week.week === "2026-11-23")).toMatchObject({ joined: 2, suppressed: 1 });
    expect(utc.weeks.find((week) => week.week === "2026-11-30")).toMatchObject({ joined: 0 });
  });

  it("has a row for every week of the window, empty ones too, and nothing after now", async () => {
    const publication = await createPublication(prisma);
    await createSubscriber(prisma, { publicationId: publication.id, status: "active", createdAt: new Date("2026-12-20T10:00:00Z") });
    const growth = await getAudienceGrowth(prisma, { publicationId: publication.id, timezone: "UTC", weeks: 52, now: new Date("2026-11-30T12:00:00Z") });
    expect(growth.weeks).toHaveLength(52);
    expect(growth.weeks.at(-1)!.week).toBe("2026-11-30");
    expect(growth.weeks.every((week) => week.joined === 0 && week.net === 0)).toBe(true);
    expect(new Set(growth.weeks.map((week) => week.week)).size).toBe(52);
  });
});
