/**
 * A subscriber's data, exported for a request to see it (lib/audience/export-subscriber-data.ts): an
 * issue really sent through the Resend transport, the provider's events through the signed webhook
 * route, tags, a change of status logged by the triggers, why they left, and the outbox's other mail.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { exportSubscriberData } from "@/lib/audience/export-subscriber-data";
import { resetDatabase, testDb } from "../helpers/db";
import { postWebhook, resendEvent, sendThroughResend, WEBHOOK_SECRET } from "../helpers/resend-webhooks";

const prisma = testDb();
beforeAll(() => {
  process.env.RESEND_WEBHOOK_SECRET = WEBHOOK_SECRET;
});
beforeEach(resetDatabase);

describe("a subscriber's data export", () => {
  it("holds the person, tags, status changes, why they left, each issue with what the provider reported, and their other mail; nobody else's", async () => {
    const [ada, bo] = await sendThroughResend(prisma, 2);
    for (const [type, data] of [
      ["email.delivered", {}],
      ["email.opened", {}],
      ["email.clicked", { click: { link: "https://example.com/story" } }],
    ] as const) {
      expect((await postWebhook({ ...resendEvent(type, ada!.providerMessageId!, data), created_at: "2026-11-02T09:00:00.000Z" })).status).toBe(200);
    }
    expect((await postWebhook(resendEvent("email.opened", bo!.providerMessageId!))).status).toBe(200);
    const tag = await prisma.tag.create({ data: { publicationId: ada!.subscriber.publicationId, name: "Early readers", slug: "early-readers" } });
    await prisma.subscriberTag.createMany({ data: [{ subscriberId: ada!.subscriberId, tagId: tag.id }, { subscriberId: bo!.subscriberId, tagId: tag.id }] });
    await prisma.subscriber.update({ where: { id: ada!.subscriberId }, data: { status: "unsubscribed" } });
    await prisma.unsubscribeReason.create({ data: { subscriberId: ada!.subscriberId, publicationId: ada!.subscriber.publicationId, reason: "too_many", comment: "Weekly is a lot." } });
    const mail = (to: string, subject: string) => prisma.outboxMessage.create({ data: { fromAddress: "news@example.com", toAddress: to, subject, html: "<p>Hi</p>", text: "Hi" } });
    await mail(ada!.subscriber.email.toUpperCase(), "Confirm your subscription");
    await mail(bo!.subscriber.email, "Someone else's confirmation");

    const data = await exportSubscriberData(prisma, ada!.subscriberId);
    expect(data).toMatchObject({
      subscriber: { id: ada!.subscriberId, email: ada!.subscriber.email, status: "unsubscribed", lastOpenedOrClickedAt: new Date("2026-11-02T09:00:00.000Z") },
      tags: [{ name: "Early readers", topic: false }],
      statusChanges: [
        { from: null, to: "active" },
        { from: "active", to: "unsubscribed" },
      ],
      unsubscribeReason: { reason: expect.stringMatching(/too many/i), comment: "Weekly is a lot." },
      issuesSent: [
        {
          status: "sent",
          sentAt: expect.any(Date),
          events: [
            { type: "delivered", at: new Date("2026-11-02T09:00:00.000Z") },
            { type: "opened", at: new Date("2026-11-02T09:00:00.000Z") },
            { type: "clicked", at: new Date("2026-11-02T09:00:00.000Z"), url: "https://example.com/story" },
          ],
        },
      ],
      otherEmails: [{ subject: "Confirm your subscription" }],
    });
    const text = JSON.stringify(data);
    expect(text).not.toContain(bo!.subscriber.email);
    expect(text).not.toContain(bo!.subscriberId);
    expect(text).not.toContain("Someone else");
    // No internal keys but the subscriber's own: the ledger's and the provider's ids stay inside.
    expect(text).not.toContain(ada!.id);
    expect(text).not.toContain(ada!.providerMessageId!);
  });

  it("is null for an id no subscriber has", async () => {
    expect(await exportSubscriberData(prisma, "no-such-subscriber")).toBeNull();
  });
});
