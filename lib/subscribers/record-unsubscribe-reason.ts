import { z } from "zod";
import { verifySubscriberToken } from "../auth/subscriber-token.ts";
import type { Database } from "../db/client";
import { storableString } from "../text/storable-text.ts";

/** The answers the unsubscribe page offers, in its order, with the words readers and editors see. */
export const UNSUBSCRIBE_REASONS = {
  too_many: "Too many emails",
  not_relevant: "Not what I am interested in",
  never_signed_up: "I never signed up",
  other: "Something else",
} as const;
export type UnsubscribeReasonKey = keyof typeof UNSUBSCRIBE_REASONS;

const answer = z.object({
  reason: z.enum(Object.keys(UNSUBSCRIBE_REASONS) as [UnsubscribeReasonKey, ...UnsubscribeReasonKey[]], { error: "choose one of the answers" }),
  comment: storableString().trim().max(500, "must be at most 500 characters").default(""),
});

export type RecordReasonResult = { ok: true } | { ok: false; reason: "invalid-link" } | { ok: false; reason: "invalid"; message: string };

/**
 * The optional "why are you leaving?" on the unsubscribe page, sent with the same signed link. Kept
 * only for someone who is unsubscribed now (the link cannot be used to file answers for people still
 * reading), one per subscriber, the latest winning. The answer to the reader is the same either way,
 * so the page still says nothing about who is subscribed.
 */
export async function recordUnsubscribeReason(prisma: Database, options: { token: string; secret: string; input: unknown; now?: Date }): Promise<RecordReasonResult> {
  const check = verifySubscriberToken(options.token, { purpose: "unsubscribe", secret: options.secret, now: options.now?.getTime() });
  if (!check.ok) return { ok: false, reason: "invalid-link" };
  const parsed = answer.safeParse(options.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: "invalid", message: issue.path[0] === "comment" ? `Your note ${issue.message}.` : "Choose one of the answers." };
  }
  const subscriber = await prisma.subscriber.findFirst({ where: { id: check.subscriberId, status: "unsubscribed", NOT: { source: "erased" } }, select: { id: true, publicationId: true } });
  if (subscriber) {
    const { reason, comment } = parsed.data;
    const answeredAt = options.now ?? new Date();
    await prisma.unsubscribeReason.upsert({
      where: { subscriberId: subscriber.id },
      create: { subscriberId: subscriber.id, publicationId: subscriber.publicationId, reason, comment, answeredAt },
      update: { reason, comment, answeredAt },
    });
  }
  return { ok: true };
}
