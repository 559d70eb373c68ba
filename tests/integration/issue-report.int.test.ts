import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as unsubscribePost } from "@/app/api/unsubscribe/route";
import { signingSecret } from "@/lib/auth/signing-secret";
import { signSubscriberToken } from "@/lib/auth/subscriber-token";
import { listStories } from "@/lib/blocks/list-stories";
import { getIssueReport } from "@/lib/delivery/get-issue-report";
import { resetDatabase, testDb } from "../helpers/db";
import { createIssue } from "../helpers/factories";
import { postWebhook, resendEvent, sendThroughResend, WEBHOOK_SECRET } from "../helpers/resend-webhooks";

const prisma = testDb();
beforeAll(() => {
  process.env.RESEND_WEBHOOK_SECRET = WEBHOOK_SECRET;
});
beforeEach(resetDatabase);

/** A sent issue whose first two stories link to known URLs; its deliveries by address, and its stories in order. */
async function sentIssueWithStoryLinks(recipients: number) {
  const deliveries = await sendThroughResend(prisma, recipients);
  const issueId = deliveries[0]!.issueId;
  const roundup = await prisma.block.findFirstOrThrow({ where: { issueId, type: "roundup" } });
  const data = roundup.data as { stories: { id: string; url: string }[] };
  data.stories[0]!.url = "https://example.com/first-story";
  data.stories[1]!.url = "https://example.com/second-story";
  await prisma.block.update({ where: { id: roundup.id }, data: { data } });
  const blocks = await prisma.block.findMany({ where: { issueId }, orderBy: { position: "asc" } });
  return { issueId, deliveries, stories: blocks.flatMap((block) => listStories(block)), first: data.stories[0]!, second: data.stories[1]! };
}

async function post(type: string, providerMessageId: string | null | undefined, data: object = {}, id?: string) {
  const response = await postWebhook(resendEvent(type, providerMessageId!, data), { id });
  expect(response.status).toBe(200);
}

describe("an issue's report", () => {
  it("counts each reader once per kind of event, clicks per story and per link, bounces and complaints", async () => {
    const { issueId, deliveries, stories, first, second } = await sentIssueWithStoryLinks(5);
    const [a, b, c, d, e] = deliveries.map((delivery) => delivery.providerMessageId);
    for (const id of [a, b, c, d]) await post("email.delivered", id);
    await post("email.opened", a);
    await post("email.opened", a);
    await post("email.opened", b);
    await post("email.clicked", a, { click: { link: first.url } });
    await post("email.clicked", a, { click: { link: first.url } });
    await post("email.clicked", a, { click: { link: second.url } });
    await post("email.clicked", b, { click: { link: first.url } }, "msg_repeated");
    // Svix delivers at least once: the same webhook again is not a second click.
    await post("email.clicked", b, { click: { link: first.url } }, "msg_repeated");
    await post("email.clicked", c, { click: { link: "https://elsewhere.example/outside" } });
    await post("email.bounced", e, { bounce: { type: "Permanent" } });
    await post("email.complained", d);

    const report = await getIssueReport(prisma, issueId);
    expect(report?.delivery).toMatchObject({ total: 5, sent: 5, failed: 0, queued: 0 });
    expect(report?.issue).toMatchObject({ status: "sent", sentAt: expect.any(Date) });
    expect(report?.engagement).toEqual({ delivered: 4, opened: 2, clicked: 3, clicks: 5, hardBounced: 1, softBounced: 0, complained: 1, unsubscribed: 0 });
    // Every story of the issue, in its order, clicked or not.
    expect(report?.stories.map((story) => story.storyId)).toEqual(stories.map((story) => story.id));
    expect(report?.stories.find((story) => story.storyId === first.id)).toMatchObject({ clickers: 2, clicks: 3 });
    expect(report?.stories.find((story) => story.storyId === second.id)).toMatchObject({ clickers: 1, clicks: 1 });
    expect(report?.stories.filter((story) => story.storyId !== first.id && story.storyId !== second.id).every((story) => story.clicks === 0)).toBe(true);
    expect(report?.outsideStories).toEqual({ clickers: 1, clicks: 1 });
    const firstHeadline = stories.find((story) => story.id === first.id)!.headline;
    expect(report?.links).toEqual([
      { url: first.url, storyId: first.id, headline: firstHeadline, clickers: 2, clicks: 3 },
      { url: "https://elsewhere.example/outside", storyId: null, headline: null, clickers: 1, clicks: 1 },
      { url: second.url, storyId: second.id, headline: stories.find((story) => story.id === second.id)!.headline, clickers: 1, clicks: 1 },
    ]);
    expect(report?.linkCount).toBe(3);
  });

  it("reports only its own issue's events, and nothing for an issue not sent", async () => {
    const { issueId, deliveries } = await sentIssueWithStoryLinks(2);
    await post("email.opened", deliveries[0]!.providerMessageId);
    const other = await sendThroughResend(prisma, 3);
    for (const delivery of other) await post("email.opened", delivery.providerMessageId);
    expect((await getIssueReport(prisma, issueId))?.engagement.opened).toBe(1);
    expect((await getIssueReport(prisma, other[0]!.issueId))?.engagement.opened).toBe(3);

    const draft = await createIssue(prisma, { publicationId: (await prisma.issue.findUniqueOrThrow({ where: { id: issueId } })).publicationId });
    const report = await getIssueReport(prisma, draft.id);
    expect(report?.delivery.total).toBe(0);
    expect(report?.engagement).toEqual({ delivered: 0, opened: 0, clicked: 0, clicks: 0, hardBounced: 0, softBounced: 0, complained: 0, unsubscribed: 0 });
    expect(report?.links).toEqual([]);
    expect(await getIssueReport(prisma, "no-such-issue")).toBeNull();
  });

  it("counts a reader who left through the issue's own unsubscribe link, once, and no one who left another way", async () => {
    const [a, b, c, d] = await sendThroughResend(prisma, 4);
    const oneClick = (url: string) =>
      unsubscribePost(new Request(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" }));
    // The one-click URL from a's email, as a mail client posts it, twice.
    expect(a!.oneClickUrl).toMatch(/^https:\/\/news\.example\.com\/api\/unsubscribe\?token=/);
    expect((await oneClick(a!.oneClickUrl)).status).toBe(200);
    expect((await oneClick(a!.oneClickUrl)).status).toBe(200);
    // b had already left (by the preference center, say) when they clicked.
    await prisma.subscriber.update({ where: { id: b!.subscriberId }, data: { status: "unsubscribed" } });
    expect((await oneClick(b!.oneClickUrl)).status).toBe(200);
    // c, with a link that names no delivery (an email sent before links did); d, with a link naming someone else's delivery.
    expect((await oneClick(`https://news.example.com/api/unsubscribe?token=${signSubscriberToken({ subscriberId: c!.subscriberId, purpose: "unsubscribe", secret: signingSecret() })}`)).status).toBe(200);
    expect((await oneClick(`https://news.example.com/api/unsubscribe?token=${signSubscriberToken({ subscriberId: d!.subscriberId, purpose: "unsubscribe", secret: signingSecret(), deliveryId: c!.id })}`)).status).toBe(200);

    expect(await prisma.subscriber.count({ where: { status: "unsubscribed" } })).toBe(4);
    expect((await getIssueReport(prisma, a!.issueId))?.engagement.unsubscribed).toBe(1);
    expect(await prisma.deliveryEvent.findMany({ select: { deliveryId: true, type: true } })).toEqual([{ deliveryId: a!.id, type: "unsubscribed" }]);
  });

  it("keeps counting a story a correction took out, under its anchor", async () => {
    const { issueId, deliveries, first } = await sentIssueWithStoryLinks(1);
    await post("email.clicked", deliveries[0]!.providerMessageId, { click: { link: first.url } });
    const roundup = await prisma.block.findFirstOrThrow({ where: { issueId, type: "roundup" } });
    const data = roundup.data as { stories: { id: string }[] };
    await prisma.block.update({ where: { id: roundup.id }, data: { data: { ...data, stories: data.stories.slice(1) } } });
    expect((await getIssueReport(prisma, issueId))?.stories.at(-1)).toEqual({ storyId: first.id, headline: `#${first.id}`, clickers: 1, clicks: 1 });
  });

  it("counts events recorded before events carried their issue, once the migration has filled it in", async () => {
    const { issueId, deliveries } = await sentIssueWithStoryLinks(2);
    for (const delivery of deliveries) await post("email.opened", delivery.providerMessageId);
    // As before the migration: events knew their delivery only.
    await prisma.$executeRaw`UPDATE "DeliveryEvent" SET "issueId" = NULL`;
    expect((await getIssueReport(prisma, issueId))?.engagement.opened).toBe(0);
    const migrations = path.join(process.cwd(), "prisma/migrations");
    const migration = readFileSync(path.join(migrations, readdirSync(migrations).find((name) => name.endsWith("_issue_report"))!, "migration.sql"), "utf8");
    const backfill = migration.split(";").find((statement) => statement.includes('UPDATE "DeliveryEvent"'))!;
    await prisma.$executeRawUnsafe(backfill);
    expect((await getIssueReport(prisma, issueId))?.engagement.opened).toBe(2);
  });
});

describe("an issue's engagement counts, kept as events arrive (the issues list's rates)", () => {
  const engagement = (issueId: string) => prisma.issueEngagement.findUnique({ where: { issueId }, select: { delivered: true, opened: true, clicked: true } });

  it("agrees with the report: each reader once per kind, whatever repeats or arrives together", async () => {
    const { issueId, deliveries, first } = await sentIssueWithStoryLinks(4);
    const [a, b, c, d] = deliveries.map((delivery) => delivery.providerMessageId);
    expect(await engagement(issueId)).toBeNull();
    for (const id of [a, b, c]) await post("email.delivered", id);
    // a opens the email ten times at once (a mail client's prefetch, several devices): one reader.
    await Promise.all(Array.from({ length: 10 }, () => post("email.opened", a)));
    await post("email.opened", b);
    await post("email.opened", b, {}, "msg_twice");
    await post("email.opened", b, {}, "msg_twice");
    await Promise.all([post("email.clicked", a, { click: { link: first.url } }), post("email.clicked", a, { click: { link: first.url } }), post("email.clicked", c, { click: { link: first.url } })]);
    // Events that are not counted here: a bounce and a complaint.
    await post("email.bounced", d, { bounce: { type: "Permanent" } });
    await post("email.complained", c);

    const report = await getIssueReport(prisma, issueId);
    expect(report?.engagement).toMatchObject({ delivered: 3, opened: 2, clicked: 2 });
    expect(await engagement(issueId)).toEqual({ delivered: 3, opened: 2, clicked: 2 });
  });

  it("keeps each issue's counts apart", async () => {
    const one = await sendThroughResend(prisma, 2);
    const two = await sendThroughResend(prisma, 3);
    for (const delivery of [...one, ...two]) await post("email.opened", delivery.providerMessageId);
    await post("email.clicked", two[0]!.providerMessageId, { click: { link: "https://example.com/x" } });
    expect(await engagement(one[0]!.issueId)).toEqual({ delivered: 0, opened: 2, clicked: 0 });
    expect(await engagement(two[0]!.issueId)).toEqual({ delivered: 0, opened: 3, clicked: 1 });
  });

  it("are filled in by their migration from the events recorded before them", async () => {
    const { issueId, deliveries } = await sentIssueWithStoryLinks(3);
    for (const delivery of deliveries) await post("email.delivered", delivery.providerMessageId);
    await post("email.opened", deliveries[0]!.providerMessageId);
    await post("email.opened", deliveries[0]!.providerMessageId);
    await post("email.clicked", deliveries[1]!.providerMessageId, { click: { link: "https://example.com/y" } });
    const kept = await engagement(issueId);
    await prisma.issueEngagement.deleteMany();
    const migrations = path.join(process.cwd(), "prisma/migrations");
    const migration = readFileSync(path.join(migrations, readdirSync(migrations).find((name) => name.endsWith("_issue_engagement"))!, "migration.sql"), "utf8");
    await prisma.$executeRawUnsafe(migration.slice(migration.indexOf('INSERT INTO "IssueEngagement"')));
    expect(await engagement(issueId)).toEqual({ delivered: 3, opened: 1, clicked: 1 });
    expect(await engagement(issueId)).toEqual(kept);
  });
});
