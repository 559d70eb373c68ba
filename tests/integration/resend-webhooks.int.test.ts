import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/resend/route";
import { getIssueReport } from "@/lib/delivery/get-issue-report";
import { resetDatabase, testDb } from "../helpers/db";
import { postWebhook as webhook, resendEvent as event, sendThroughResend, WEBHOOK_SECRET as SECRET } from "../helpers/resend-webhooks";

const prisma = testDb();
beforeAll(() => {
  process.env.RESEND_WEBHOOK_SECRET = SECRET;
});
beforeEach(resetDatabase);

const sentIssue = (recipients: number) => sendThroughResend(prisma, recipients);

describe("Resend webhooks", () => {
  it("suppresses a hard bounce and a complaint, and keeps a soft bounce subscribed", async () => {
    const [a, b, c] = await sentIssue(3);
    expect((await webhook(event("email.bounced", a!.providerMessageId!, { bounce: { type: "Permanent", subType: "General" } }))).status).toBe(200);
    expect((await webhook(event("email.bounced", b!.providerMessageId!, { bounce: { type: "Transient", subType: "MailboxFull" } }))).status).toBe(200);
    expect((await webhook(event("email.complained", c!.providerMessageId!))).status).toBe(200);
    const statuses = await prisma.subscriber.findMany({ orderBy: { email: "asc" }, select: { status: true } });
    expect(statuses.map((s) => s.status)).toEqual(["bounced", "active", "complained"]);
    expect(await prisma.deliveryEvent.findMany({ orderBy: { occurredAt: "asc" }, select: { type: true, bounceKind: true } })).toEqual(
      expect.arrayContaining([{ type: "bounced", bounceKind: "hard" }, { type: "bounced", bounceKind: "soft" }, { type: "complained", bounceKind: null }]),
    );
  });

  it("records clicks per delivery with the story the link belongs to, and delivered/opened events", async () => {
    const [a] = await sentIssue(1);
    const storyLink = "https://example.com/news/floating-cable-project";
    const roundup = await prisma.block.findFirstOrThrow({ where: { type: "roundup" } });
    const data = roundup.data as { stories: { id: string; url: string }[] };
    data.stories[0]!.url = storyLink;
    await prisma.block.update({ where: { id: roundup.id }, data: { data } });

    for (const e of [event("email.delivered", a!.providerMessageId!), event("email.opened", a!.providerMessageId!), event("email.clicked", a!.providerMessageId!, { click: { link: storyLink } }), event("email.clicked", a!.providerMessageId!, { click: { link: "https://elsewhere.example/x" } })]) {
      expect((await webhook(e)).status).toBe(200);
    }
    const events = await prisma.deliveryEvent.findMany({ where: { deliveryId: a!.id }, orderBy: { createdAt: "asc" }, select: { type: true, url: true, storyId: true } });
    expect(events).toEqual([
      { type: "delivered", url: null, storyId: null },
      { type: "opened", url: null, storyId: null },
      { type: "clicked", url: storyLink, storyId: data.stories[0]!.id },
      { type: "clicked", url: "https://elsewhere.example/x", storyId: null },
    ]);
  });

  it("records a click on a link with a greeting field as the link was written: no reader's address in the report, and its story found", async () => {
    const readers = await sentIssue(3);
    // A pre-filled survey link in a story, and a link with a name in the intro: each reader's email carries their own.
    const survey = "https://survey.example.com/form?reader={{email}}&src=weekly";
    const roundup = await prisma.block.findFirstOrThrow({ where: { type: "roundup" } });
    const data = roundup.data as { stories: { id: string; url: string }[] };
    data.stories[0]!.url = survey;
    await prisma.block.update({ where: { id: roundup.id }, data: { data } });
    const intro = await prisma.block.findFirstOrThrow({ where: { type: "intro" } });
    await prisma.block.update({ where: { id: intro.id }, data: { data: { text: "Tell us: [the form](https://survey.example.com/hello?n={{name|friend}})." } } });

    for (const [n, reader] of readers.entries()) {
      const address = `w${n}@hooks.example.com`;
      expect((await webhook(event("email.clicked", reader.providerMessageId!, { click: { link: `https://survey.example.com/form?reader=${address}&src=weekly` } }))).status).toBe(200);
    }
    await webhook(event("email.clicked", readers[0]!.providerMessageId!, { click: { link: "https://survey.example.com/hello?n=friend" } }));
    const clicks = await prisma.deliveryEvent.findMany({ where: { type: "clicked" }, select: { url: true, storyId: true } });
    expect(clicks).toHaveLength(4);
    expect(JSON.stringify(clicks)).not.toContain("@hooks.example.com");
    expect(clicks.filter((click) => click.url === survey)).toEqual(readers.map(() => ({ url: survey, storyId: data.stories[0]!.id })));
    expect(clicks).toContainEqual({ url: "https://survey.example.com/hello?n={{name|friend}}", storyId: null });

    const report = await getIssueReport(prisma, readers[0]!.issueId);
    expect(report?.links.find((link) => link.url === survey)).toMatchObject({ clickers: 3, storyId: data.stories[0]!.id });
    expect(JSON.stringify(report)).not.toContain("@hooks.example.com");
  });

  it("changes nothing for a webhook delivered twice", async () => {
    const [a] = await sentIssue(1);
    const click = event("email.clicked", a!.providerMessageId!, { click: { link: "https://example.com/a" } });
    expect(await (await webhook(click, { id: "msg_same" })).json()).toEqual({ received: true, outcome: "recorded" });
    expect(await (await webhook(click, { id: "msg_same" })).json()).toEqual({ received: true, outcome: "duplicate" });
    expect(await prisma.deliveryEvent.count()).toBe(1);
  });

  it("finds the delivery by its tag when an event comes before the worker recorded Resend's id, and suppresses the reader", async () => {
    const [a, b, c] = await sentIssue(3);
    // As if the worker had not recorded these rows yet: Resend's answer is on its way to the ledger.
    await prisma.delivery.updateMany({ where: { id: { in: [a!.id, b!.id, c!.id] } }, data: { providerMessageId: null } });
    // Resend's events carry the message's tags; both the object and the list form are read.
    const bounce = event("email.bounced", a!.providerMessageId!, { bounce: { type: "Permanent" }, tags: { category: "issue", delivery: a!.id } });
    expect(await (await webhook(bounce)).json()).toEqual({ received: true, outcome: "recorded" });
    const complaint = event("email.complained", b!.providerMessageId!, { tags: [{ name: "issue", value: a!.issueId }, { name: "delivery", value: b!.id }] });
    expect(await (await webhook(complaint)).json()).toEqual({ received: true, outcome: "recorded" });
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: a!.subscriberId } })).status).toBe("bounced");
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: b!.subscriberId } })).status).toBe("complained");
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: a!.id } })).providerMessageId).toBe(a!.providerMessageId);
    // A tag cannot move an event to a row that has another message's id, nor name a row that does not exist.
    expect(await (await webhook(event("email.complained", "another-message", { tags: { delivery: a!.id } }))).json()).toEqual({ received: true, outcome: "unknown-message" });
    expect(await (await webhook(event("email.complained", "another-message", { tags: { delivery: "no-such-row" } }))).json()).toEqual({ received: true, outcome: "unknown-message" });
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: c!.subscriberId } })).status).toBe("active");
  });

  it("accepts and ignores unknown events and unknown messages", async () => {
    expect(await (await webhook(event("contact.created", "nope"))).json()).toEqual({ received: true, outcome: "ignored" });
    expect(await (await webhook(event("email.delivered", "not-ours"))).json()).toEqual({ received: true, outcome: "unknown-message" });
  });

  it("rejects a missing, forged or stale signature, and a body that is not an event, changing nothing", async () => {
    const [a] = await sentIssue(1);
    const bounce = event("email.bounced", a!.providerMessageId!, { bounce: { type: "Permanent" } });
    const otherSecret = `whsec_${Buffer.from("another-secret-of-the-right-length!!").toString("base64")}`;
    for (const omit of ["svix-id", "svix-timestamp", "svix-signature"]) {
      const response = await webhook(bounce, { omit });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: "Missing svix-id, svix-timestamp or svix-signature." });
    }
    for (const options of [{ secret: otherSecret }, { at: new Date(Date.now() - 6 * 60_000) }, { at: new Date(Date.now() + 6 * 60_000) }]) {
      const response = await webhook(bounce, options);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: "Invalid signature or stale timestamp." });
    }
    expect((await webhook({ type: "email.bounced" })).status).toBe(400);
    expect(await prisma.subscriber.findFirstOrThrow()).toMatchObject({ status: "active" });
    expect(await prisma.deliveryEvent.count()).toBe(0);
  });

  it("refuses a body past 256 KB with 413 before looking at its signature, and stops reading it", async () => {
    const [a] = await sentIssue(1);
    // Correctly signed, so only its size can refuse it.
    const padded = event("email.bounced", a!.providerMessageId!, { bounce: { type: "Permanent" }, padding: "x".repeat(256 * 1024) });
    const response = await webhook(padded);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "The body is larger than 256 KB." });
    expect(await webhook(padded, { omit: "svix-signature" }).then((r) => r.status)).toBe(413);

    // A stranger's endless stream (no Content-Length, no signature): read only a little past the limit, then dropped.
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Bounded so the test ends even if the route read everything.
        if (sent >= 16 * 1024 * 1024) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = await POST(new Request("https://news.example.com/api/webhooks/resend", { method: "POST", body: endless, duplex: "half" } as RequestInit));
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThanOrEqual(256 * 1024 + 3 * chunk.byteLength);

    // A declared length past the limit is refused before a byte is read.
    const refused = await POST(new Request("https://news.example.com/api/webhooks/resend", { method: "POST", headers: { "content-length": String(10 * 1024 * 1024) }, body: "{}" }));
    expect(refused.status).toBe(413);
    expect(await prisma.subscriber.findFirstOrThrow()).toMatchObject({ status: "active" });
    expect(await prisma.deliveryEvent.count()).toBe(0);
  });
});
