import { createHash } from "node:crypto";
import { createTransport } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import { MAX_BATCH, type OutgoingMessage, type SendResult, type Transport } from "../transport.ts";

export type SmtpTransportOptions = {
  /** smtp://[user:password@]host[:port] (STARTTLS when offered) or smtps://… (TLS from the start). */
  url: string;
  /** Pooled connections, shared by every batch in flight; also how many messages of one batch are sent at once. */
  maxConnections?: number;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  /** Inactivity on an open connection before it is dropped (and its message retried). */
  socketTimeoutMs?: number;
  /** The pool closes after this long without a batch in flight: a stopping worker is not held open by idle sockets. */
  idleCloseMs?: number;
};

export type SmtpTransport = Transport & {
  /** Closes the pool now; a later batch opens a new one. */
  close(): Promise<void>;
};

const LEFT_TO_HOLDER: SendResult = { ok: false, error: "not sent: this worker no longer held the batch", retryable: true, abandoned: true };

/** Nodemailer refused the message before the server saw it: another try would fail the same way. */
const MESSAGE_ERRORS = new Set(["EENVELOPE", "EMESSAGE"]);

/**
 * Any SMTP server or relay through nodemailer's connection pool, one
 * transaction per message.
 *
 * SMTP has no idempotency key. Exactly-once rests on the ledger: the worker
 * only sends rows not yet recorded sent, and a reclaimed batch resends only
 * those. What it cannot close is the gap between the server accepting DATA
 * (250) and the worker recording the row. A worker that dies there has each
 * batch it had in flight (WORKER_CONCURRENCY, 4 by default) sent again when
 * reclaimed; a connection lost while waiting for the 250 sends that one
 * message again. The Message-ID is the same on every resend (messageIdFor),
 * so receivers that drop a repeated Message-ID (Gmail does) show one copy;
 * others show two.
 *
 * A worker that stalled past its lease (a long GC, a frozen VM) may find its
 * batch reclaimed and being sent by another when it wakes. Before each
 * message it asks whether it still holds the batch (`leaseHeld`), and
 * leaves the messages it had not started to the other (`abandoned`). The
 * other resends the whole batch but for rows recorded sent, so what the
 * stalled worker sent before it stalled, and those on a connection then, go
 * out twice; the rest of the batch once, where before all of it went twice.
 * It records only what it sent (lib/delivery/record-results.ts).
 */
export function createSmtpTransport(options: SmtpTransportOptions): SmtpTransport {
  const connection = connectionFromUrl(options.url);
  const maxConnections = options.maxConnections ?? 5;
  const idleCloseMs = options.idleCloseMs ?? 5_000;
  let pool: ReturnType<typeof openPool> | null = null;
  let inFlight = 0;
  let idleTimer: NodeJS.Timeout | undefined;

  function openPool() {
    // The URL is parsed here: given `{ url }`, nodemailer reads only the URL and drops `pool` and the rest.
    // maxRequeues is a pool option that @types/nodemailer does not list yet.
    const poolOptions: SMTPPool.Options & { maxRequeues: number } = {
      ...connection,
      pool: true,
      maxConnections,
      connectionTimeout: options.connectionTimeoutMs,
      greetingTimeout: options.greetingTimeoutMs,
      socketTimeout: options.socketTimeoutMs,
      // One in-pool retry covers a pooled connection the server closed while idle; beyond that the
      // message fails as retryable and the ledger requeues it, bounded by the worker's attempts.
      maxRequeues: 1,
    };
    return createTransport(poolOptions);
  }

  function closePool() {
    clearTimeout(idleTimer);
    pool?.close();
    pool = null;
  }

  async function sendOne(transporter: ReturnType<typeof openPool>, message: OutgoingMessage, messageId: string): Promise<SendResult> {
    try {
      const info = await transporter.sendMail({
        from: message.from,
        to: message.to,
        replyTo: message.replyTo,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: message.headers,
        messageId,
        // Tags are left out: SMTP has no standard for them (each relay has its own header), they would
        // show internal ids to every reader, and the Message-ID already ties a bounce to its delivery.
      });
      return { ok: true, providerMessageId: info.messageId };
    } catch (error) {
      return toFailure(error);
    }
  }

  return {
    name: "smtp",
    async sendBatch(messages: OutgoingMessage[], { idempotencyKey, leaseHeld }): Promise<SendResult[]> {
      if (messages.length > MAX_BATCH) throw new Error(`A batch holds at most ${MAX_BATCH} messages, got ${messages.length}.`);
      clearTimeout(idleTimer);
      inFlight++;
      const transporter = (pool ??= openPool());
      try {
        return await mapConcurrently(messages, maxConnections, async (message, index) =>
          leaseHeld && !leaseHeld() ? LEFT_TO_HOLDER : sendOne(transporter, message, messageIdFor(message, idempotencyKey, index)),
        );
      } finally {
        if (--inFlight === 0) {
          idleTimer = setTimeout(closePool, idleCloseMs);
          // The timer alone must not keep the process alive; open sockets do, until it closes them.
          idleTimer.unref();
        }
      }
    },
    async close() {
      closePool();
    },
  };
}

/**
 * Stable across resends: from the ledger row when there is one, so a row
 * requeued into another batch (another idempotency key) keeps it; otherwise
 * from the batch's key and the message's place in it. The domain is the
 * sender's, as RFC 5322 suggests.
 */
function messageIdFor(message: OutgoingMessage, idempotencyKey: string, index: number): string {
  const seed = message.deliveryId ? `delivery:${message.deliveryId}` : `batch:${idempotencyKey}:${index}`;
  const local = createHash("sha256").update(seed).digest("hex").slice(0, 32);
  const address = /<([^<>]+)>\s*$/.exec(message.from)?.[1] ?? message.from;
  const domain = address.slice(address.lastIndexOf("@") + 1).trim() || "localhost";
  return `<${local}@${domain}>`;
}

/** 4xx and dropped connections: retryable. 5xx: final, with the server's words. */
function toFailure(error: unknown): SendResult {
  const { code, response, responseCode, command } = error instanceof Error ? (error as Error & SmtpErrorFields) : {};
  const message = error instanceof Error ? error.message : String(error);
  if (typeof responseCode === "number" && responseCode >= 400) {
    const reply = response ?? message;
    return { ok: false, error: `SMTP${command ? ` ${command}` : ""}: ${reply}`, retryable: responseCode < 500 };
  }
  const described = code ? `${code}: ${message}` : message;
  // No server reply: a refused, reset or timed-out connection (ECONNECTION, ESOCKET, ETIMEDOUT, EDNS,
  // ETLS) or a connection dropped mid-message. Retryable, within the worker's attempts; so is anything
  // unrecognised, since a wrong "final" would lose the message for good.
  return { ok: false, error: described, retryable: !(code && MESSAGE_ERRORS.has(code)) };
}

type SmtpErrorFields = { code?: string; response?: string; responseCode?: number; command?: string };

function connectionFromUrl(value: string) {
  const url = new URL(value);
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new Error(`SMTP URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : undefined,
    secure: url.protocol === "smtps:",
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // With a password on smtp://, STARTTLS is a must: otherwise a man in the middle who strips it reads the password.
    requireTLS: url.protocol === "smtp:" && Boolean(url.username),
  };
}

/** Like Promise.all over `items`, with at most `limit` calls running; results keep the input order. */
async function mapConcurrently<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
  return results;
}
