import { signSubscriberToken } from "../auth/subscriber-token.ts";
import { personalizeEmail, type RenderedIssueEmail } from "../issues/render-issue-email.ts";
import type { OutgoingMessage } from "./transport.ts";

export type Recipient = { deliveryId: string; subscriberId: string; email: string; name: string | null };
export type Sender = { senderName: string; senderEmail: string; replyTo: string | null };

/** `"Name" <address>`, with the name quoted so commas and quotes in it stay a name. */
export function formatAddress(name: string, address: string): string {
  return name ? `"${name.replace(/[\\"]/g, "\\$&").replace(/[\r\n]+/g, " ")}" <${address}>` : address;
}

/**
 * One message per recipient from the issue rendered once: signed links
 * substituted, and the RFC 8058 headers that let mail clients offer a
 * one-click unsubscribe.
 */
export function buildMessages(options: {
  rendered: RenderedIssueEmail;
  sender: Sender;
  recipients: Recipient[];
  appUrl: string;
  secret: string;
  tags?: Record<string, string>;
  now?: number;
}): OutgoingMessage[] {
  const { rendered, sender, appUrl, secret, now } = options;
  const from = formatAddress(sender.senderName, sender.senderEmail);
  return options.recipients.map((recipient) => {
    const unsubscribeToken = signSubscriberToken({ subscriberId: recipient.subscriberId, purpose: "unsubscribe", secret, now });
    const preferencesToken = signSubscriberToken({ subscriberId: recipient.subscriberId, purpose: "preferences", secret, now });
    const oneClickUrl = `${appUrl}/api/unsubscribe?token=${unsubscribeToken}`;
    const email = personalizeEmail(rendered, {
      unsubscribeUrl: `${appUrl}/unsubscribe?token=${unsubscribeToken}`,
      preferencesUrl: `${appUrl}/preferences?token=${preferencesToken}`,
      name: recipient.name,
      email: recipient.email,
    });
    const listUnsubscribe = sender.replyTo ? `<${oneClickUrl}>, <mailto:${sender.replyTo}?subject=unsubscribe>` : `<${oneClickUrl}>`;
    return {
      deliveryId: recipient.deliveryId,
      from,
      to: recipient.email,
      replyTo: sender.replyTo ?? undefined,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: { "List-Unsubscribe": listUnsubscribe, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      tags: { ...options.tags, delivery: recipient.deliveryId },
    };
  });
}
