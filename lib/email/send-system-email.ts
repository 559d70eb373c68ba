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

export type SystemEmail = { to: string; subject: string } & Omit<SystemMessageProps, "publicationName">;

/**
 * Mail that is not an issue (sign-in links, invitations), rendered by
 * emails/system-message.tsx and sent through the same transport as issues,
 * from the publication's sender. With the outbox transport it lands in the
 * Outbox page.
 */
export async function sendSystemEmail(prisma: Database, email: SystemEmail): Promise<SystemSendResult> {
  const publication = await getPublication(prisma);
  if (!publication) return { ok: false, error: "The publication is not set up yet." };
  const { to, subject, ...content } = email;
  const element = createElement(SystemMessage, { publicationName: publication.name, ...content });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return sendSystemEmailMessage(prisma, { to, subject, html, text });
}

let systemTransport: Transport | undefined;

type SystemSendResult = { ok: true; providerMessageId: string } | { ok: false; error: string };

/** An already rendered one-off message (a test send of an issue). */
export async function sendSystemEmailMessage(prisma: Database, message: { to: string; subject: string; html: string; text: string }): Promise<SystemSendResult> {
  const publication = await getPublication(prisma);
  if (!publication) return { ok: false, error: "The publication is not set up yet." };
  // One per process: an SMTP transport keeps a connection pool worth reusing.
  systemTransport ??= selectTransport(prisma, config());
  const transport = systemTransport;
  const [result] = await transport.sendBatch(
    [
      {
        from: formatAddress(publication.senderName, publication.senderEmail),
        replyTo: publication.replyTo ?? undefined,
        ...message,
        headers: {},
        tags: { category: "system" },
      },
    ],
    { idempotencyKey: randomUUID() },
  );
  if (!result) return { ok: false, error: "The transport returned no result." };
  return result.ok ? result : { ok: false, error: result.error };
}
