import { verifySubscriberToken } from "../auth/subscriber-token.ts";
import type { Database } from "../db/client";
import { sendSystemEmailMessage } from "../email/send-system-email.ts";
import { subscriberLink } from "./subscriber-links.ts";
import { reopenConfirmationWindow } from "./send-confirmation-email.ts";
import { subscriberName } from "./subscriber-name.ts";
import { renderWelcomeEmail } from "./welcome-email.ts";

/**
 * What pressing Confirm did, for the page to say so: only the link's holder (the address's owner) sees it.
 * - `subscribed`: pending or unsubscribed until now, active from now; `welcome` sends the welcome email.
 * - `already-subscribed`: active already (a second press, or confirmed another way); nothing is sent.
 * - `link-before-unsubscribe`: the link was mailed before the reader last unsubscribed: an old link must
 *   not undo a newer choice, so it changes nothing; subscribing again mails a new one.
 * - `suppressed`: mail to the address bounced for good, or its owner reported it as spam; it stays so.
 */
export type ConfirmOutcome = "subscribed" | "already-subscribed" | "link-before-unsubscribe" | "suppressed";

export type ConfirmResult =
  | { ok: true; publicationName: string; outcome: ConfirmOutcome; welcome?: () => Promise<void> }
  | { ok: false; reason: "invalid-link" }
  | { ok: false; reason: "invalid-name"; message: string };

/**
 * The "Confirm" button (a POST: link scanners fetch GETs). A pending or
 * unsubscribed subscriber becomes active, named as the form beside the button
 * says (`name`: the page fills it in with the name typed with the request, in
 * the link, and the owner sees it and may change it before it greets them;
 * emptied, it means no name; empty because the link carried none, or absent,
 * it leaves a returning reader's name as it is), and `welcome` sends the welcome email: the caller runs it
 * after answering, so a slow provider does not hold the reader's click, and
 * a failed welcome is logged, never the reader's error. Pressing again
 * changes nothing. Suppressed addresses stay suppressed, and an erased row
 * (kept only for the counts) answers like a stranger: a link mailed before
 * the erasure must not make it a subscriber again.
 */
export async function confirmSubscription(
  prisma: Database,
  { token, name, appUrl, secret, now }: { token: string; name?: unknown; appUrl: string; secret: string; now?: Date },
): Promise<ConfirmResult> {
  const check = verifySubscriberToken(token, { purpose: "confirm", secret, now: now?.getTime() });
  if (!check.ok) return { ok: false, reason: "invalid-link" };
  const named = name === undefined ? null : subscriberName.safeParse(typeof name === "string" ? name : "");
  if (named && !named.success) return { ok: false, reason: "invalid-name", message: `Your name ${named.error.issues[0]?.message ?? "is not valid"}.` };
  // undefined: leave the stored name; null: no name (the owner emptied the name the link offered).
  const newName = named?.data ? named.data : named && check.name ? null : undefined;
  const person = { id: check.subscriberId, NOT: { source: "erased" as const } };
  const found = await prisma.subscriber.findFirst({ where: person, select: { status: true, email: true, publicationId: true, publication: { select: { name: true } } } });
  if (!found) return { ok: false, reason: "invalid-link" };
  const answer = (outcome: ConfirmOutcome, welcome?: () => Promise<void>): ConfirmResult => ({ ok: true, publicationName: found.publication.name, outcome, welcome });

  if (found.status === "unsubscribed") {
    const left = await prisma.subscriberStatusChange.findFirst({ where: { subscriberId: check.subscriberId, toStatus: "unsubscribed" }, orderBy: { at: "desc" }, select: { at: true } });
    // Link times are whole seconds: one made in the second of the unsubscribe counts as after it. An
    // import may date an unsubscribed arrival up to a day ahead (its file's date): never later than now.
    const leftAt = Math.min(left?.at.getTime() ?? 0, (now ?? new Date()).getTime());
    if (left && check.issuedAt.getTime() < Math.floor(leftAt / 1000) * 1000) return answer("link-before-unsubscribe");
  }
  // Guarded by the status read above: of two presses at once, one activates and the other finds it active.
  const { count } = await prisma.subscriber.updateMany({
    where: { ...person, status: found.status === "unsubscribed" ? "unsubscribed" : "pending" },
    data: { status: "active", ...(newName !== undefined ? { name: newName } : {}) },
  });
  if (count === 1) {
    await reopenConfirmationWindow(prisma, found.publicationId, found.email);
    return answer("subscribed", () =>
      sendWelcome(prisma, { subscriberId: check.subscriberId, appUrl, secret }).catch((error: unknown) => {
        console.error(`The welcome email to subscriber ${check.subscriberId} was not sent:`, error);
      }),
    );
  }
  const after = await prisma.subscriber.findFirst({ where: person, select: { status: true } });
  if (after?.status === "active") return answer("already-subscribed");
  if (after?.status === "bounced" || after?.status === "complained") return answer("suppressed");
  // Changed under us (unsubscribed or erased between the read and the update): nothing was done.
  return after?.status === "unsubscribed" ? answer("link-before-unsubscribe") : { ok: false, reason: "invalid-link" };
}

async function sendWelcome(prisma: Database, { subscriberId, appUrl, secret }: { subscriberId: string; appUrl: string; secret: string }) {
  // Erased between the press and this (an owner's erasure is immediate): nobody to welcome.
  const subscriber = await prisma.subscriber.findFirst({ where: { id: subscriberId, NOT: { source: "erased" } }, include: { publication: true } });
  if (!subscriber) return;
  // Subject and body are the editors' (Settings → Welcome email), or the built-in text.
  const preferencesUrl = subscriberLink({ appUrl, secret, subscriberId, purpose: "preferences" });
  const welcome = await renderWelcomeEmail(subscriber.publication, subscriber, preferencesUrl);
  const sent = await sendSystemEmailMessage(prisma, { to: subscriber.email, subscriberId, ...welcome });
  if (!sent.ok) throw new Error(sent.error);
}
