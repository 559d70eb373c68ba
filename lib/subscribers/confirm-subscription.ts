import { verifySubscriberToken } from "../auth/subscriber-token.ts";
import type { Database } from "../db/client";
import { sendSystemEmail } from "../email/send-system-email.ts";
import { subscriberLink } from "./subscriber-links.ts";

export type ConfirmResult = { ok: true; publicationName: string; welcomed: boolean } | { ok: false; reason: "invalid-link" };

/**
 * The "Confirm" button (a POST: link scanners fetch GETs). A pending
 * subscriber becomes active and gets the welcome email; pressing it again
 * changes nothing. Suppressed addresses stay suppressed.
 */
export async function confirmSubscription(prisma: Database, { token, appUrl, secret, now }: { token: string; appUrl: string; secret: string; now?: Date }): Promise<ConfirmResult> {
  const check = verifySubscriberToken(token, { purpose: "confirm", secret, now: now?.getTime() });
  if (!check.ok) return { ok: false, reason: "invalid-link" };
  const { count } = await prisma.subscriber.updateMany({ where: { id: check.subscriberId, status: "pending" }, data: { status: "active" } });
  const subscriber = await prisma.subscriber.findUnique({ where: { id: check.subscriberId }, include: { publication: true } });
  if (!subscriber) return { ok: false, reason: "invalid-link" };
  if (count === 1) {
    const { publication } = subscriber;
    await sendSystemEmail(prisma, {
      to: subscriber.email,
      subject: `Welcome to ${publication.name}`,
      heading: `Welcome to ${publication.name}`,
      paragraphs: [publication.description || "Thanks for subscribing.", "The next issue comes to this address. You can change your name, or leave, at any time from the link at the bottom of every email."],
      action: { label: "Read the archive", url: `${publication.siteUrl}/archive` },
      footnote: `Manage your subscription: ${subscriberLink({ appUrl, secret, subscriberId: subscriber.id, purpose: "preferences" })}`,
    });
  }
  return { ok: true, publicationName: subscriber.publication.name, welcomed: count === 1 };
}
