import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { render } from "react-email";
import SystemMessage, { type SystemMessageProps } from "../../emails/system-message.tsx";
import { config } from "../config.ts";
import type { Database } from "../db/client";
import { formatAddress } from "../delivery/build-messages.ts";
import { selectTransport } from "../delivery/select-transport.ts";
import type { Transport } from "../delivery/transport.ts";
import { getPublication } from "../publication/get-publication.ts";

/**
 * `subscriberId`: the reader a confirmation or welcome email goes to. It rides as the message's
 * `subscriber` tag, so a bounce or a spam report about that email suppresses the reader as one about
 * an issue would (lib/delivery/handle-resend-webhook.ts): such mail has no ledger row to find them by.
 */
export type SystemEmail = { to: string; subject: string; subscriberId?: string } & Omit<SystemMessageProps, "publicationName" | "publicationLogoUrl" | "accentColor">;

/**
 * Mail that is not an issue (sign-in links, invitations), rendered by
 * emails/system-message.tsx and sent through the same transport as issues,
 * from the publication's sender. With the outbox transport it lands in the
 * Outbox page.
 */
export async function sendSystemEmail(prisma: Database, email: SystemEmail): Promise<SystemSendResult> {
  const publication = await getPublication(prisma);
  if (!publication) return { ok: false, error: "The publication is not set up yet." };
  const { to, subject, subscriberId, ...content } = email;
  return sendSystemEmailMessage(prisma, { to, subject, subscriberId, ...(await renderSystemEmail(publication, content)) });
}

/** A system email's HTML and plain text, for callers that personalise one rendering for many recipients. */
export async function renderSystemEmail(publication: { name: string; logoUrl?: string; accentColor?: string }, content: Omit<SystemEmail, "to" | "subject">): Promise<{ html: string; text: string }> {
  const element = createElement(SystemMessage, { publicationName: publication.name, publicationLogoUrl: publication.logoUrl, accentColor: publication.accentColor, ...content });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}

let systemTransport: Transport | undefined;

type SystemSendResult = { ok: true; providerMessageId: string } | { ok: false; error: string };
type RenderedMessage = { to: string; subject: string; html: string; text: string; subscriberId?: string };

function systemTags(subscriberId: string | undefined): Record<string, string> {
  return subscriberId ? { category: "system", subscriber: subscriberId } : { category: "system" };
}

/** A provider request carries at most this many messages (Resend's batch limit). */
const BATCH = 100;

/** An already rendered one-off message (a test send of an issue). */
export async function sendSystemEmailMessage(prisma: Database, message: RenderedMessage): Promise<SystemSendResult> {
  const [result] = await sendSystemEmailMessages(prisma, [message]);
  if (!result) return { ok: false, error: "The publication is not set up yet." };
  return result.ok ? result : { ok: false, error: result.error };
}

/**
 * Many rendered messages, a hundred to a provider request: an import's
 * confirmations would otherwise take one request each, and a provider limited
 * to a few requests a second would refuse most of them. One result per
 * message, in order; none when the publication is not set up.
 */
export async function sendSystemEmailMessages(prisma: Database, messages: RenderedMessage[]): Promise<SystemSendResult[]> {
  const publication = await getPublication(prisma);
  if (!publication) return [];
  // One per process: an SMTP transport keeps a connection pool worth reusing.
  systemTransport ??= selectTransport(prisma, config());
  const transport = systemTransport;
  const from = formatAddress(publication.senderName, publication.senderEmail);
  const results: SystemSendResult[] = [];
  for (let at = 0; at < messages.length; at += BATCH) {
    const batch = messages.slice(at, at + BATCH);
    const sent = await transport.sendBatch(
      batch.map(({ subscriberId, ...message }) => ({ from, replyTo: publication.replyTo ?? undefined, ...message, headers: {}, tags: systemTags(subscriberId) })),
      { idempotencyKey: randomUUID() },
    );
    for (let i = 0; i < batch.length; i++) {
      const result = sent[i];
      results.push(!result ? { ok: false, error: "The transport returned no result." } : result.ok ? result : { ok: false, error: result.error });
    }
  }
  return results;
}
