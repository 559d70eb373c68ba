/**
 * "Would you tell us why?" on the unsubscribe page (lib/subscribers/record-unsubscribe-reason.ts), and
 * the answers as the Growth page counts them (lib/audience/get-unsubscribe-reasons.ts).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { eraseSubscriber } from "@/lib/audience/manage-subscriber";
import { getUnsubscribeReasons } from "@/lib/audience/get-unsubscribe-reasons";
import { subscriberHistory } from "@/lib/audience/subscriber-history";
import type { Actor } from "@/lib/auth/permissions";
import { signingSecret } from "@/lib/auth/signing-secret";
import { signSubscriberToken } from "@/lib/auth/subscriber-token";
import { recordUnsubscribeReason } from "@/lib/subscribers/record-unsubscribe-reason";
import { unsubscribeWithToken } from "@/lib/subscribers/unsubscribe-with-token";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createSubscriber, createUser } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

const tokenFor = (subscriberId: string, secret = signingSecret()) => signSubscriberToken({ subscriberId, purpose: "unsubscribe", secret });
const answer = (token: string, input: unknown, now?: Date) => recordUnsubscribeReason(prisma, { token, secret: signingSecret(), input, now });

describe("why a reader left", () => {
  it("is kept for someone who unsubscribed, with the same signed link; a second answer replaces the first", async () => {
    const subscriber = await createSubscriber(prisma);
    const token = tokenFor(subscriber.id);
    expect(await unsubscribeWithToken(prisma, { token, secret: signingSecret() })).toMatchObject({ ok: true });
    expect(await answer(token, { reason: "too_many", comment: "  Weekly is a lot for me.  " })).toEqual({ ok: true });
    expect(await prisma.unsubscribeReason.findMany({ select: { subscriberId: true, reason: true, comment: true } })).toEqual([
      { subscriberId: subscriber.id, reason: "too_many", comment: "Weekly is a lot for me." },
    ]);
    expect(await answer(token, { reason: "not_relevant", comment: "Less about grids, please" })).toEqual({ ok: true });
    expect(await prisma.unsubscribeReason.findMany({ select: { reason: true, comment: true } })).toEqual([{ reason: "not_relevant", comment: "Less about grids, please" }]);
    // The subscriber's page tells it: the change of status from the log, and their answer.
    const history = await subscriberHistory(prisma, subscriber.id);
    expect(history!.entries.map((entry) => entry.detail)).toEqual(["Said why they left: Not what I am interested in (“Less about grids, please”)", "Status: active → unsubscribed", "Added (manual)"]);
  });

  it("refuses a forged or expired link, an answer not offered, and a note over 500 characters, storing nothing", async () => {
    const subscriber = await createSubscriber(prisma, { status: "unsubscribed" });
    expect(await answer(tokenFor(subscriber.id, "not-the-app-secret-0123456789abcdefghijkl"), { reason: "other" })).toEqual({ ok: false, reason: "invalid-link" });
    const expired = signSubscriberToken({ subscriberId: subscriber.id, purpose: "unsubscribe", secret: signingSecret(), now: Date.now() - 400 * 86_400_000 });
    expect(await answer(expired, { reason: "other" })).toEqual({ ok: false, reason: "invalid-link" });
    const preferences = signSubscriberToken({ subscriberId: subscriber.id, purpose: "preferences", secret: signingSecret() });
    expect(await answer(preferences, { reason: "other" })).toEqual({ ok: false, reason: "invalid-link" });
    expect(await answer(tokenFor(subscriber.id), { reason: "<script>" })).toEqual({ ok: false, reason: "invalid", message: "Choose one of the answers." });
    expect(await answer(tokenFor(subscriber.id), {})).toEqual({ ok: false, reason: "invalid", message: "Choose one of the answers." });
    expect(await answer(tokenFor(subscriber.id), { reason: "other", comment: "x".repeat(501) })).toEqual({ ok: false, reason: "invalid", message: "Your note must be at most 500 characters." });
    for (const comment of ["a\u0000b", "half \uD83D"]) {
      expect(await answer(tokenFor(subscriber.id), { reason: "other", comment }), JSON.stringify(comment)).toEqual({
        ok: false,
        reason: "invalid",
        message: "Your note contains a character that cannot be saved (a null character or half of an emoji).",
      });
    }
    expect(await prisma.unsubscribeReason.count()).toBe(0);
  });

  it("files nothing for someone still subscribed, and answers them the same, so the page reveals no one's status", async () => {
    const reader = await createSubscriber(prisma, { status: "active" });
    expect(await answer(tokenFor(reader.id), { reason: "never_signed_up", comment: "Filed by a stranger" })).toEqual({ ok: true });
    expect(await answer(tokenFor("no-such-subscriber"), { reason: "other" })).toEqual({ ok: true });
    expect(await prisma.unsubscribeReason.count()).toBe(0);
  });

  it("is counted by answer for the Growth page, with the latest notes; an erasure takes the note and keeps the count", async () => {
    const publication = await createPublication(prisma);
    const owner = await createUser(prisma, { role: "owner" });
    const actor: Actor = { id: owner.id, role: "owner", email: owner.email, name: null };
    const leave = async (reason: string, comment: string, at: string) => {
      const subscriber = await createSubscriber(prisma, { publicationId: publication.id, status: "unsubscribed" });
      expect(await answer(tokenFor(subscriber.id), { reason, comment }, new Date(at))).toEqual({ ok: true });
      return subscriber;
    };
    await leave("too_many", "", "2026-11-20T10:00:00Z");
    const erased = await leave("too_many", "Mail me at ada@example.com instead", "2026-11-25T10:00:00Z");
    await leave("other", "Moved to the RSS feed", "2026-11-26T10:00:00Z");
    await leave("never_signed_up", "Long ago", "2026-01-05T10:00:00Z");
    expect(await eraseSubscriber(prisma, actor, { id: erased.id })).toBe(true);

    const reasons = await getUnsubscribeReasons(prisma, { publicationId: publication.id, since: new Date("2026-09-14T00:00:00Z") });
    expect(reasons.counts).toEqual([
      { reason: "too_many", label: "Too many emails", count: 2 },
      { reason: "not_relevant", label: "Not what I am interested in", count: 0 },
      { reason: "never_signed_up", label: "I never signed up", count: 0 },
      { reason: "other", label: "Something else", count: 1 },
    ]);
    expect(reasons.answered).toBe(3);
    expect(reasons.comments).toEqual([{ reason: "other", label: "Something else", comment: "Moved to the RSS feed", answeredAt: new Date("2026-11-26T10:00:00Z") }]);
  });
});
