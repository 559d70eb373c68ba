import { verifySubscriberToken } from "../auth/subscriber-token.ts";
import type { Database } from "../db/client";
import { sendSystemEmailMessage } from "../email/send-system-email.ts";
import { subscriberLink } from "./subscriber-links.ts";
import { renderWelcomeEmail } from "./welcome-email.ts";

export type ConfirmResult = { ok: true; publicationName: string; welcomed: boolean } | { ok: false; reason: "invalid-link" };

/**
 * The "Confirm" button (a POST: link scanners fetch GETs). A pending
 * subscriber becomes active and gets the welcome email; pressing it again
 * changes nothing. Suppressed addresses stay suppressed, and an erased row
 * (kept only for the counts) answers like a stranger: a link mailed before the
 * erasure must not make it a subscriber again.
 */
export async function confirmSubscription(prisma: Database, { token, appUrl, secret, now }: { token: string; appUrl: string; secret: string; now?: Date }): Promise<ConfirmResult> {
  const check = verifySubscriberToken(token, { purpose: "confirm", secret, now: now?.getTime() });
  if (!check.ok) return { ok: false, reason: "invalid-link" };
  const person = { id: check.subscriberId, NOT: { source: "erased" as const } };
  const { count } = await prisma.subscriber.updateMany({ where: { ...person, status: "pending" }, data: { status: "active" } });
  const subscriber = await prisma.subscriber.findFirst({ where: person, include: { publication: true } });
  if (!subscriber) return { ok: false, reason: "invalid-link" };
  if (count === 1) {
    // Subject and body are the editors' (Settings → Welcome email), or the built-in text.
    const preferencesUrl = subscriberLink({ appUrl, secret, subscriberId: subscriber.id, purpose: "preferences" });
    const welcome = await renderWelcomeEmail(subscriber.publication, subscriber, preferencesUrl);
    await sendSystemEmailMessage(prisma, { to: subscriber.email, ...welcome });
  }
  return { ok: true, publicationName: subscriber.publication.name, welcomed: count === 1 };
}
