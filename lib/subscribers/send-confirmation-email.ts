import { randomUUID } from "node:crypto";
import type { Database } from "../db/client";
import { renderSystemEmail, sendSystemEmail, sendSystemEmailMessages } from "../email/send-system-email.ts";
import { escapeHtml } from "../text/escape-html.ts";
import { consumeRateLimit, consumeRateLimits, refundRateLimits } from "../rate-limit/consume-rate-limit.ts";
import { subscriberLink } from "./subscriber-links.ts";

/** However often it is asked for (the form, an import), one confirmation email per address per window. */
export const CONFIRMATION_EMAIL_LIMIT = { limit: 1, windowMs: 10 * 60_000 };

type Publication = { id: string; name: string; logoUrl?: string; accentColor?: string };
/** `requestedName`: typed with the request, carried in the link and stored when it is confirmed. */
type Recipient = { id: string; email: string; requestedName?: string };
type Links = { appUrl: string; secret: string };

const throttleKey = (publicationId: string, email: string) => `confirm-mail:${publicationId}:${email.toLowerCase()}`;

/**
 * Gives an address its window back once its owner has confirmed: the window holds back repeats of a
 * request nobody answered, and this one was answered. A reader who confirms, leaves and asks again
 * within the 10 minutes would otherwise be told to check their inbox and get nothing.
 */
export async function reopenConfirmationWindow(prisma: Database, publicationId: string, email: string): Promise<void> {
  await refundRateLimits(prisma, [throttleKey(publicationId, email)]);
}

/**
 * The double opt-in email: a signed link to the confirmation page, which
 * turns a pending subscriber active. Sent at most once per address per
 * window; false when the window had already been used, or when the email was
 * not sent: then the window is given back, so asking again sends it.
 */
export async function sendConfirmationEmail(prisma: Database, publication: Publication, subscriber: Recipient, links: Links): Promise<boolean> {
  const key = throttleKey(publication.id, subscriber.email);
  const throttle = await consumeRateLimit(prisma, { key, ...CONFIRMATION_EMAIL_LIMIT });
  if (!throttle.allowed) return false;
  const sent = await mailConfirmation(prisma, publication, subscriber, links).then(
    (result) => result.ok,
    (error: unknown) => (console.error("A confirmation email was not sent:", error), false),
  );
  if (!sent) await refundRateLimits(prisma, [key]);
  return sent;
}

/**
 * The same for many addresses (an import): one query for every window, one
 * rendering for all of them, and a hundred emails to a provider request.
 * Returns how many the transport accepted; the windows of the others are given back.
 */
export async function sendConfirmationEmails(prisma: Database, publication: Publication, subscribers: Recipient[], links: Links): Promise<number> {
  if (subscribers.length === 0) return 0;
  const allowed = await consumeRateLimits(prisma, { keys: subscribers.map((subscriber) => throttleKey(publication.id, subscriber.email)), ...CONFIRMATION_EMAIL_LIMIT });
  const recipients = subscribers.filter((subscriber) => allowed.has(throttleKey(publication.id, subscriber.email)));
  if (recipients.length === 0) return 0;
  // Each recipient's signed link replaces a stand-in: plain URL characters, so HTML-escaping leaves it as it is.
  const standIn = `${links.appUrl}/confirm?token=${randomUUID()}`;
  const { html, text } = await renderSystemEmail(publication, confirmationContent(publication, standIn));
  const results = await sendSystemEmailMessages(
    prisma,
    recipients.map((subscriber) => {
      const url = subscriberLink({ appUrl: links.appUrl, secret: links.secret, subscriberId: subscriber.id, purpose: "confirm" });
      return { to: subscriber.email, subscriberId: subscriber.id, subject: confirmationSubject(publication), html: html.replaceAll(standIn, escapeHtml(url)), text: text.replaceAll(standIn, url) };
    }),
  );
  await refundRateLimits(
    prisma,
    recipients.filter((_, i) => !results[i]?.ok).map((subscriber) => throttleKey(publication.id, subscriber.email)),
  );
  return results.filter((result) => result.ok).length;
}

const confirmationSubject = (publication: Publication) => `Confirm your subscription to ${publication.name}`;

function confirmationContent(publication: Publication, url: string) {
  return {
    heading: confirmationSubject(publication),
    paragraphs: ["Someone, hopefully you, asked to get this newsletter at this address. Press the button to confirm; until you do, nothing is sent."],
    action: { label: "Confirm my subscription", url },
    footnote: "If you did not ask for this, ignore this email and you will not hear from us again. The link works for 7 days.",
  };
}

async function mailConfirmation(prisma: Database, publication: Publication, subscriber: Recipient, { appUrl, secret }: Links) {
  const url = subscriberLink({ appUrl, secret, subscriberId: subscriber.id, purpose: "confirm", name: subscriber.requestedName });
  return sendSystemEmail(prisma, { to: subscriber.email, subscriberId: subscriber.id, subject: confirmationSubject(publication), ...confirmationContent(publication, url) });
}
