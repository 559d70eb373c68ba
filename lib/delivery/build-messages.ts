import { signSubscriberToken } from "../auth/subscriber-token.ts";
import type { MergeValues } from "../email/merge-fields.ts";
import type { IssueView } from "../issues/issue-view.ts";
import { personalizeEmail, renderIssueEmail } from "../issues/render-issue-email.ts";
import type { OutgoingMessage } from "./transport.ts";

export type Recipient = { deliveryId: string; subscriberId: string; email: string; name: string | null };
export type Sender = { senderName: string; senderEmail: string; replyTo: string | null };

/** One recipient's email: their links and greeting filled in. */
export type RecipientEmail = { subject: string; html: string; text: string };
/** Makes each recipient's email of one issue version. */
export type ComposeEmail = (values: MergeValues) => RecipientEmail | Promise<RecipientEmail>;
/** Prepares an issue version's `ComposeEmail`; the worker calls it once per issue version and keeps the result. */
export type PrepareEmail = (view: IssueView) => Promise<ComposeEmail>;

/**
 * How a send makes its emails: the issue rendered once per version, with merge
 * tokens where the per-recipient links go, then each recipient's email by
 * string concatenation (lib/email/merge-fields.ts), no rendering.
 */
export const renderOncePerVersion: PrepareEmail = async (view) => {
  const rendered = await renderIssueEmail(view);
  return (values) => personalizeEmail(rendered, values);
};

/** `"Name" <address>`, with the name quoted so commas and quotes in it stay a name. */
export function formatAddress(name: string, address: string): string {
  return name ? `"${name.replace(/[\\"]/g, "\\$&").replace(/[\r\n]+/g, " ")}" <${address}>` : address;
}

/**
 * One message per recipient: signed links and greeting filled in by
 * `compose`, and the RFC 8058 headers that let mail clients offer a
 * one-click unsubscribe.
 */
export async function buildMessages(options: {
  compose: ComposeEmail;
  sender: Sender;
  recipients: Recipient[];
  appUrl: string;
  secret: string;
  tags?: Record<string, string>;
  now?: number;
}): Promise<OutgoingMessage[]> {
  const { compose, sender, appUrl, secret, now } = options;
  const from = formatAddress(sender.senderName, sender.senderEmail);
  const messages: OutgoingMessage[] = [];
  for (const recipient of options.recipients) {
    const unsubscribeToken = signSubscriberToken({ subscriberId: recipient.subscriberId, purpose: "unsubscribe", secret, now, deliveryId: recipient.deliveryId });
    const preferencesToken = signSubscriberToken({ subscriberId: recipient.subscriberId, purpose: "preferences", secret, now });
    const oneClickUrl = `${appUrl}/api/unsubscribe?token=${unsubscribeToken}`;
    const email = await compose({
      unsubscribeUrl: `${appUrl}/unsubscribe?token=${unsubscribeToken}`,
      preferencesUrl: `${appUrl}/preferences?token=${preferencesToken}`,
      name: recipient.name,
      email: recipient.email,
    });
    const listUnsubscribe = sender.replyTo ? `<${oneClickUrl}>, <mailto:${sender.replyTo}?subject=unsubscribe>` : `<${oneClickUrl}>`;
    messages.push({
      deliveryId: recipient.deliveryId,
      from,
      to: recipient.email,
      replyTo: sender.replyTo ?? undefined,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: { "List-Unsubscribe": listUnsubscribe, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      tags: { ...options.tags, delivery: recipient.deliveryId },
    });
  }
  return messages;
}
