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

/**
 * One message's outcome, per message in the order given. `providerMessageId` is "" when the provider took
 * the message but did not say its id (Resend refusing a repeat of an idempotency key it already holds); the
 * ledger stores no id then, and Resend's events find the row by its `delivery` tag.
 *
 * A failure is `retryable` (back to the queue) or final. `maybeSent` says the provider may have taken it
 * all the same (it answered, but not so that its answer could be read): such a message is tried again, by
 * "Retry failed", only in its own batch under its own key (lib/delivery/retry-failed.ts).
 */
export type SendResult =
  | { ok: true; providerMessageId: string }
  /**
   * `unattempted`: no message was made for the row (its subscriber deleted since the claim): not the transport's outcome.
   * `abandoned`: not sent because the worker no longer held the batch (`leaseHeld`): the row is left as it is, for the
   * worker that holds the batch now, or for the reclaim that will give it one.
   */
  | { ok: false; error: string; retryable: boolean; maybeSent?: boolean; unattempted?: boolean; abandoned?: boolean };

export interface Transport {
  readonly name: "outbox" | "resend" | "smtp";
  /**
   * Up to 100 messages. The same key with the same messages must never deliver twice. A transport that
   * sends message by message with no key to fall back on (SMTP) asks `leaseHeld` before each one, and
   * answers `abandoned` for those it did not start once the worker has lost the batch.
   */
  sendBatch(messages: OutgoingMessage[], options: { idempotencyKey: string; leaseHeld?: () => boolean }): Promise<SendResult[]>;
}

export const MAX_BATCH = 100;
