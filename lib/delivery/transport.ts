/** One email, ready for any transport. */
export type OutgoingMessage = {
  /** The ledger row it belongs to; absent for test sends and sign-in links. */
  deliveryId?: string;
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  tags?: Record<string, string>;
};

/** Per message, in the order given. `retryable` failures go back to the queue; the rest are final. */
/**
 * One message's outcome. `providerMessageId` is "" when the provider took the message but did not say
 * its id (Resend refusing a repeat of an idempotency key it already holds); the ledger stores no id then,
 * and Resend's events find the row by its `delivery` tag.
 */
export type SendResult = { ok: true; providerMessageId: string } | { ok: false; error: string; retryable: boolean };

export interface Transport {
  readonly name: "outbox" | "resend" | "smtp";
  /** Up to 100 messages. The same key with the same messages must never deliver twice. */
  sendBatch(messages: OutgoingMessage[], options: { idempotencyKey: string }): Promise<SendResult[]>;
}

export const MAX_BATCH = 100;
