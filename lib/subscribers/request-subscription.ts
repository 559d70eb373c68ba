import { z } from "zod";
import type { Database } from "../db/client";
import { isUniqueViolation } from "../db/unique-violation.ts";
import { fieldErrors } from "../forms/field-errors.ts";
import { getPublication } from "../publication/get-publication.ts";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit.ts";
import { CONFIRMATION_EMAIL_LIMIT, sendConfirmationEmail } from "./send-confirmation-email.ts";
import { SUBSCRIBE_EMAIL_MAX } from "./subscribe-limits.ts";
import { subscriberName } from "./subscriber-name.ts";
import { findSubscriberIdByAddress } from "./find-by-address.ts";

export const SUBSCRIBE_LIMITS = {
  perIp: { limit: 20, windowMs: 60 * 60_000 },
  perEmail: { limit: 5, windowMs: 60 * 60_000 },
  confirmationEmail: CONFIRMATION_EMAIL_LIMIT,
};

const input = z.object({
  email: z.string().trim().max(SUBSCRIBE_EMAIL_MAX, "is too long").email("must be an email address such as you@example.com"),
  name: subscriberName.optional(),
});

export type SubscribeOutcome =
  /** The same for new, pending, active, unsubscribed and suppressed addresses, and for bots. */
  | { outcome: "accepted"; followUp?: () => Promise<void> }
  | { outcome: "invalid"; fieldErrors: Record<string, string> }
  | { outcome: "rate-limited"; retryAfterSeconds: number };

/**
 * The public subscribe form. Whatever the address's state, the answer is
 * "check your inbox", so nobody can learn who is subscribed; the email (if
 * any) is sent by `followUp`, after the response, so the response's timing
 * does not tell either. New, pending and unsubscribed addresses get a
 * confirmation link (double opt-in); active ones nothing; bounced and
 * complained ones nothing, ever, from this form.
 *
 * Nothing about an existing subscriber changes until its owner presses
 * Confirm: an unsubscribed reader stays unsubscribed (a stranger's request
 * must not undo their choice, nor make them importable as pending), and the
 * name typed with a request rides in its confirmation link, to be stored only
 * if that link is confirmed.
 */
export async function requestSubscription(
  prisma: Database,
  raw: { email: unknown; name?: unknown; honeypot?: unknown },
  context: { ip: string; appUrl: string; secret: string },
): Promise<SubscribeOutcome> {
  // Bots fill every field; people never see this one. They get the same answer, and nothing happens.
  if (typeof raw.honeypot === "string" && raw.honeypot !== "") return { outcome: "accepted" };
  const parsed = input.safeParse({ email: raw.email, name: typeof raw.name === "string" && raw.name.trim() ? raw.name : undefined });
  if (!parsed.success) return { outcome: "invalid", fieldErrors: fieldErrors(parsed.error) };
  const email = parsed.data.email;
  const key = email.toLowerCase();
  for (const [name, limit] of [[`subscribe:ip:${context.ip}`, SUBSCRIBE_LIMITS.perIp], [`subscribe:email:${key}`, SUBSCRIBE_LIMITS.perEmail]] as const) {
    const result = await consumeRateLimit(prisma, { key: name, ...limit });
    if (!result.allowed) return { outcome: "rate-limited", retryAfterSeconds: result.retryAfterSeconds };
  }
  const publication = await getPublication(prisma);
  if (!publication) return { outcome: "accepted" };

  const followUp = async () => {
    const subscriber = await findOrCreatePending(prisma, { publicationId: publication.id, email });
    if (subscriber) await sendConfirmationEmail(prisma, publication, { ...subscriber, requestedName: parsed.data.name }, context);
  };
  return { outcome: "accepted", followUp };
}

/**
 * The subscriber to mail a confirmation link to: created pending (with no
 * name yet) if new, as it is if pending or unsubscribed, or null when nothing
 * must be mailed: active already, or suppressed (bounced, complained) for good.
 *
 * An erased row is nobody: it keeps only a placeholder address
 * (`erased-<id>@erased.invalid`) for the counts, and posting that address must
 * not bring it back. It is not found here, so the create below loses to its
 * unique address and nothing is mailed; the answer was given before any of this.
 */
async function findOrCreatePending(prisma: Database, { publicationId, email }: { publicationId: string; email: string }) {
  const sameAddress = async () => {
    const id = await findSubscriberIdByAddress(prisma, { publicationId, email });
    return id === null ? null : prisma.subscriber.findUnique({ where: { id } });
  };
  const existing = await sameAddress();
  if (!existing) {
    // A racing request may have created it a moment ago: the unique index on lower(email) decides, and the loser reads it.
    // Anything else (the database gone) is thrown, so the lost sign-up is logged rather than passed off as that race.
    return prisma.subscriber.create({ data: { publicationId, email, name: null, status: "pending", source: "form" } }).catch((error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      return sameAddress().then((now) => (now?.status === "pending" ? now : null));
    });
  }
  return existing.status === "pending" || existing.status === "unsubscribed" ? existing : null;
}
