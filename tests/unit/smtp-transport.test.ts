import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";
import type { Database } from "@/lib/db/client";
import { selectTransport } from "@/lib/delivery/select-transport";
import type { OutgoingMessage } from "@/lib/delivery/transport";
import { createSmtpTransport, type SmtpTransport } from "@/lib/delivery/transports/smtp";
import { closedPort, decodedBody, header, startFakeSmtp } from "../helpers/fake-smtp";

let server: Awaited<ReturnType<typeof startFakeSmtp>> | undefined;
let transport: SmtpTransport | undefined;
afterEach(async () => {
  await transport?.close();
  await server?.close();
  transport = undefined;
  server = undefined;
});

function message(n: number, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    deliveryId: `delivery-${n}`,
    from: `"Test Weekly" <editor@news.example.com>`,
    to: `r${n}@list.example.com`,
    replyTo: "letters@news.example.com",
    subject: `Issue 7 for reader ${n}`,
    html: `<p>Hello reader ${n}, <a href="https://news.example.com/unsubscribe?token=t${n}">unsubscribe</a></p>`,
    text: `Hello reader ${n}\n\nUnsubscribe: https://news.example.com/unsubscribe?token=t${n}`,
    headers: { "List-Unsubscribe": `<https://news.example.com/api/unsubscribe?token=t${n}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    tags: { issue: "issue-7", delivery: `delivery-${n}` },
    ...overrides,
  };
}

const byRecipient = (to: string) => server!.received.find((received) => received.to.includes(to));

describe("the SMTP transport (real smtp-server on loopback)", () => {
  it("never sends a password over a connection without TLS (smtp:// with credentials requires STARTTLS)", async () => {
    // This server offers no STARTTLS, as a man in the middle who strips it would look.
    server = await startFakeSmtp();
    transport = createSmtpTransport({ url: server.url.replace("smtp://", "smtp://user:secret@") });
    const [result] = await transport.sendBatch([message(1)], { idempotencyKey: "c".repeat(64) });
    // The server refuses STARTTLS, so the transport stops before AUTH: a final failure naming the cause.
    expect(result).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/STARTTLS/) });
    expect(server.received).toHaveLength(0);
  });

  it("delivers a batch with its headers and both parts, answering ok with each Message-ID in order", async () => {
    server = await startFakeSmtp();
    transport = createSmtpTransport({ url: server.url });
    const messages = [1, 2, 3, 4].map((n) => message(n));

    const results = await transport.sendBatch(messages, { idempotencyKey: "a".repeat(64) });

    expect(server.received).toHaveLength(4);
    expect(results.every((result) => result.ok)).toBe(true);
    messages.forEach((sent, index) => {
      const received = byRecipient(sent.to)!;
      const result = results[index]!;
      expect(received.from).toBe("editor@news.example.com");
      expect(header(received.raw, "To")).toBe(sent.to);
      expect(header(received.raw, "Subject")).toBe(sent.subject);
      expect(header(received.raw, "Reply-To")).toBe(sent.replyTo);
      expect(header(received.raw, "List-Unsubscribe")).toBe(sent.headers["List-Unsubscribe"]);
      expect(header(received.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      expect(header(received.raw, "Content-Type")).toMatch(/^multipart\/alternative;/);
      expect(received.raw).toMatch(/Content-Type: text\/plain/);
      expect(received.raw).toMatch(/Content-Type: text\/html/);
      const body = decodedBody(received.raw);
      expect(body).toContain(sent.text.split("\n")[0]);
      expect(body).toContain(sent.html);
      // Tags stay out of the message.
      expect(received.raw).not.toContain("issue-7");
      // The result is this message's Message-ID, on the sender's domain.
      expect(result).toEqual({ ok: true, providerMessageId: header(received.raw, "Message-ID") });
      expect(header(received.raw, "Message-ID")).toMatch(/^<[0-9a-f]{32}@news\.example\.com>$/);
    });
    expect(new Set(results.map((result) => result.ok && result.providerMessageId)).size).toBe(4);
  });

  it("keeps a message's Message-ID on every resend of its delivery row, whatever the batch's key", async () => {
    server = await startFakeSmtp();
    transport = createSmtpTransport({ url: server.url });
    const first = await transport.sendBatch([message(1), message(2)], { idempotencyKey: "a".repeat(64) });
    const again = await transport.sendBatch([message(2)], { idempotencyKey: "b".repeat(64) });
    expect(again[0]).toEqual(first[1]);
    // Without a row, the batch key and position decide it.
    const loose = { deliveryId: undefined };
    const keyed = await transport.sendBatch([message(3, loose), message(4, loose)], { idempotencyKey: "c".repeat(64) });
    const sameKey = await transport.sendBatch([message(3, loose), message(4, loose)], { idempotencyKey: "c".repeat(64) });
    const otherKey = await transport.sendBatch([message(3, loose)], { idempotencyKey: "d".repeat(64) });
    expect(sameKey).toEqual(keyed);
    expect(otherKey[0]).not.toEqual(keyed[0]);
  });

  it("fails only the recipient the server refuses with 550, finally and with the server's reply", async () => {
    server = await startFakeSmtp({ refuse: (address) => (address === "r2@list.example.com" ? { code: 550, message: "5.1.1 No such user here" } : null) });
    transport = createSmtpTransport({ url: server.url });

    const results = await transport.sendBatch([1, 2, 3].map((n) => message(n)), { idempotencyKey: "a".repeat(64) });

    expect(results[0]).toMatchObject({ ok: true });
    expect(results[1]).toEqual({ ok: false, retryable: false, error: "SMTP RCPT TO: 550 5.1.1 No such user here" });
    expect(results[2]).toMatchObject({ ok: true });
    expect(server.received.flatMap((received) => received.to).sort()).toEqual(["r1@list.example.com", "r3@list.example.com"]);
  });

  it("sends a 451 back to the queue as retryable", async () => {
    server = await startFakeSmtp({ refuse: (address) => (address === "r1@list.example.com" ? { code: 451, message: "4.7.1 Greylisted, try again later" } : null) });
    transport = createSmtpTransport({ url: server.url });

    const results = await transport.sendBatch([message(1), message(2)], { idempotencyKey: "a".repeat(64) });

    expect(results[0]).toEqual({ ok: false, retryable: true, error: "SMTP RCPT TO: 451 4.7.1 Greylisted, try again later" });
    expect(results[1]).toMatchObject({ ok: true });
    expect(server.received).toHaveLength(1);
  });

  it("answers retryable for every message when the server is down", async () => {
    transport = createSmtpTransport({ url: `smtp://127.0.0.1:${await closedPort()}` });

    const results = await transport.sendBatch([1, 2, 3].map((n) => message(n)), { idempotencyKey: "a".repeat(64) });

    expect(results).toHaveLength(3);
    for (const result of results) {
      expect(result).toMatchObject({ ok: false, retryable: true });
      expect(!result.ok && result.error).toMatch(/^ESOCKET: connect ECONNREFUSED 127\.0\.0\.1:\d+/);
    }
  });

  it("sends through at most maxConnections pooled connections, reused across batches, and closes them once idle", async () => {
    server = await startFakeSmtp();
    transport = createSmtpTransport({ url: server.url, maxConnections: 2, idleCloseMs: 20 });

    const batches = await Promise.all([
      transport.sendBatch([1, 2, 3, 4, 5].map((n) => message(n)), { idempotencyKey: "a".repeat(64) }),
      transport.sendBatch([6, 7, 8, 9, 10].map((n) => message(n)), { idempotencyKey: "b".repeat(64) }),
    ]);

    expect(batches.flat().every((result) => result.ok)).toBe(true);
    expect(server.received).toHaveLength(10);
    expect(server.connections().mostOpen).toBeLessThanOrEqual(2);
    expect(server.connections().total).toBeLessThanOrEqual(2);
    // Nothing in flight: the pool lets go of its connections, and a later batch opens new ones.
    await server.allClosed();
    expect(server.connections().open).toBe(0);
    expect(await transport.sendBatch([message(11)], { idempotencyKey: "c".repeat(64) })).toMatchObject([{ ok: true }]);
    expect(server.received).toHaveLength(11);
  });

  it("refuses a batch over the limit before connecting", async () => {
    transport = createSmtpTransport({ url: "smtp://127.0.0.1:1" });
    const messages = Array.from({ length: 101 }, (_, n) => message(n));
    await expect(transport.sendBatch(messages, { idempotencyKey: "a".repeat(64) })).rejects.toThrow("A batch holds at most 100 messages, got 101.");
  });
});

describe("choosing the transport", () => {
  // Only the outbox uses the database, and only when it sends.
  const prisma = {} as Database;
  const base = { RESEND_BASE_URL: undefined, SEND_RATE_LIMIT: 0 };

  it("picks SMTP when SMTP_URL is set and RESEND_API_KEY is not", () => {
    // The pool opens on the first batch, so nothing is left open here.
    expect(selectTransport(prisma, { ...base, RESEND_API_KEY: undefined, SMTP_URL: "smtp://127.0.0.1:2525" }).name).toBe("smtp");
  });

  it("prefers Resend when both are set, and falls back to the outbox when neither is", () => {
    expect(selectTransport(prisma, { ...base, RESEND_API_KEY: "re_key", SMTP_URL: "smtp://127.0.0.1:2525" }).name).toBe("resend");
    expect(selectTransport(prisma, { ...base, RESEND_API_KEY: undefined, SMTP_URL: undefined }).name).toBe("outbox");
  });
});

describe("SMTP_URL", () => {
  it("accepts smtp:// and smtps:// URLs, and treats an empty value as unset", () => {
    expect(parseConfig({ SMTP_URL: "smtps://user:p%40ss@smtp.example.com:465" }).SMTP_URL).toBe("smtps://user:p%40ss@smtp.example.com:465");
    expect(parseConfig({ SMTP_URL: "smtp://localhost:1025" }).SMTP_URL).toBe("smtp://localhost:1025");
    expect(parseConfig({ SMTP_URL: "" }).SMTP_URL).toBeUndefined();
  });

  it("names the variable and says what is wrong", () => {
    for (const [value, reason] of [
      ["https://smtp.example.com", "must start with smtp:// or smtps://"],
      ["smtp example com", "must be a URL such as smtps://user:password@smtp.example.com:465"],
    ] as const) {
      let error: unknown;
      try {
        parseConfig({ SMTP_URL: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([{ variable: "SMTP_URL", reason: `${reason} (got ${JSON.stringify(value)})` }]);
    }
  });
});
