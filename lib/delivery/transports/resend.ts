import { Resend } from "resend";
import type { RateLimiter } from "../rate-limiter.ts";
import { MAX_BATCH, type OutgoingMessage, type SendResult, type Transport } from "../transport.ts";

export type ResendTransportOptions = {
  apiKey: string;
  /** Defaults to RESEND_BASE_URL, then Resend's API (the SDK reads it). */
  baseUrl?: string;
  limiter: RateLimiter;
  /** A request that takes longer is abandoned and retried with the same idempotency key. */
  timeoutMs?: number;
  /** Retries of one batch call on 429, 5xx, time-outs and dropped connections. */
  maxRetries?: number;
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
};

/**
 * Resend's batch API through the official SDK. Every retry carries the same
 * Idempotency-Key, so a request that reached Resend but whose answer was lost
 * is answered from Resend's record instead of being sent again.
 */
export function createResendTransport(options: ResendTransportOptions): Transport {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 5;
  const backoffMs = options.backoffMs ?? 500;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  return {
    name: "resend",
    async sendBatch(messages: OutgoingMessage[], { idempotencyKey }): Promise<SendResult[]> {
      if (messages.length > MAX_BATCH) throw new Error(`A batch holds at most ${MAX_BATCH} messages, got ${messages.length}.`);
      const payload = messages.map((message) => ({
        from: message.from,
        to: [message.to],
        subject: message.subject,
        html: message.html,
        text: message.text,
        replyTo: message.replyTo,
        headers: message.headers,
        tags: Object.entries(message.tags ?? {}).map(([name, value]) => ({ name, value: value.replace(/[^\w-]/g, "_") })),
      }));
      let lastError = "";
      for (let attempt = 0; attempt <= maxRetries; attempt++) {
        await options.limiter.take();
        // Permissive: an address Resend's own check refuses fails that email alone, not the other 99 of its batch
        // (strict, the default, refuses the whole request, and a retry of the same rows would be refused again).
        const { data, error, headers } = await resend.batch.send(payload, { idempotencyKey, batchValidation: "permissive", signal: AbortSignal.timeout(timeoutMs) });
        if (data) return resultsOf(data, messages.length);
        const status = error?.statusCode ?? null;
        lastError = `${status ?? "no response"}: ${error?.message ?? "unknown error"}`;
        if (status === 429) {
          const retryAfter = Number(headers?.["retry-after"]);
          const wait = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : backoff(attempt, backoffMs);
          options.limiter.pause(wait);
          continue;
        }
        // 409 concurrent_idempotent_requests: this key's first request is still being processed (a lease
        // reclaimed from a worker that was only slow). Asked again later, Resend answers with its outcome.
        if (status === null || status >= 500 || status === 408 || error?.name === "concurrent_idempotent_requests") {
          await sleep(backoff(attempt, backoffMs));
          continue;
        }
        // 409 invalid_idempotent_request: Resend holds this key from an earlier request of this batch that went
        // through (its answer lost), and this one differs (a reader renamed or erased since, the sender edited).
        // Resend sent the first; failed, the rows would be sent again by "Retry failed". Ids unknown: see SendResult.
        if (error?.name === "invalid_idempotent_request") {
          console.warn(`Resend already holds batch ${idempotencyKey} from an earlier request; recorded as sent without ids.`);
          return messages.map((): SendResult => ({ ok: true, providerMessageId: "" }));
        }
        // 4xx other than 408/429: the request itself is wrong (a bad address, a bad key); retrying cannot help.
        return messages.map(() => ({ ok: false, error: lastError, retryable: false }));
      }
      return messages.map(() => ({ ok: false, error: `${lastError} (after ${maxRetries + 1} tries)`, retryable: true }));
    },
  };
}

/**
 * One result per message, in order: `data` holds the ids of the accepted emails in their order, and
 * `errors` the refused ones by index. Counts that do not add up fail the batch, not some other email.
 */
function resultsOf(data: { data: { id: string }[]; errors?: { index: number; message: string }[] }, count: number): SendResult[] {
  const errors = data.errors ?? [];
  const refused = new Map(errors.map((error) => [error.index, error.message]));
  const wellFormed = refused.size === errors.length && errors.every((error) => Number.isInteger(error.index) && error.index >= 0 && error.index < count);
  if (!wellFormed || data.data.length + refused.size !== count) {
    // Resend took the request (it answered 200), so some of these went out; which ones, its answer does not say.
    return Array.from({ length: count }, () => ({ ok: false, error: `Resend answered ${data.data.length} ids and ${refused.size} errors for ${count} emails`, retryable: false, maybeSent: true }));
  }
  let accepted = 0;
  return Array.from({ length: count }, (_, index): SendResult => {
    const reason = refused.get(index);
    return reason !== undefined ? { ok: false, error: `Resend refused this address: ${reason}`, retryable: false } : { ok: true, providerMessageId: data.data[accepted++]!.id };
  });
}

/** Exponential with full jitter, capped at 30 s. */
function backoff(attempt: number, baseMs: number): number {
  return Math.random() * Math.min(30_000, baseMs * 2 ** attempt);
}
