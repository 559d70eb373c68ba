import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifySubscriberToken } from "@/lib/auth/subscriber-token";
import { startSend } from "@/lib/delivery/start-send";
import type { Transport } from "@/lib/delivery/transport";
import { createSmtpTransport, type SmtpTransport } from "@/lib/delivery/transports/smtp";
import { createWorker } from "@/lib/delivery/worker";
import { resetDatabase, testDb } from "../helpers/db";
import { createSendableIssue } from "../helpers/factories";
import { closedPort, decodedBody, header, startFakeSmtp } from "../helpers/fake-smtp";
import { waitUntil } from "../helpers/wait-until";

const prisma = testDb();
const secret = "smtp-test-secret-long-enough-0123456789";
let server: Awaited<ReturnType<typeof startFakeSmtp>> | undefined;
let smtp: SmtpTransport | undefined;
beforeEach(resetDatabase);
afterEach(async () => {
  await smtp?.close();
  await server?.close();
  smtp = undefined;
  server = undefined;
});

async function sendingIssue(recipients: number) {
  const { issue } = await createSendableIssue(prisma, { recipients, address: (n) => `r${n}@smtp.example.com`, publication: { replyTo: "letters@news.example.com" } });
  expect(await startSend(prisma, { issueId: issue.id })).toMatchObject({ started: true, recipients });
  return issue;
}

function smtpWorker(transport: Transport, maxAttempts = 5) {
  // A batch that failed whole (the server unreachable) is tried again at once, not after the production 30 s.
  return createWorker({ prisma, transport, appUrl: "https://news.example.com", secret, maxAttempts, retryWaitMs: 0 });
}

async function drain(worker: ReturnType<typeof createWorker>) {
  while ((await worker.processNext()) === "worked");
}

describe("the worker sending through SMTP (real smtp-server on loopback)", () => {
  it("delivers every recipient once, fails the refused one with the server's reply and retries the greylisted one", async () => {
    let greylisted = false;
    server = await startFakeSmtp({
      refuse: (address) => {
        if (address === "r7@smtp.example.com") return { code: 550, message: "5.1.1 No such user here" };
        if (address === "r8@smtp.example.com" && !greylisted) {
          greylisted = true;
          return { code: 451, message: "4.7.1 Greylisted, try again later" };
        }
        return null;
      },
    });
    smtp = createSmtpTransport({ url: server.url });
    const issue = await sendingIssue(120);

    await drain(smtpWorker(smtp));

    const recipients = server.received.flatMap((received) => received.to);
    expect(recipients).toHaveLength(119);
    expect(new Set(recipients).size).toBe(119);
    expect(recipients).not.toContain("r7@smtp.example.com");
    expect(recipients).toContain("r8@smtp.example.com");

    const rows = await prisma.delivery.findMany({ where: { issueId: issue.id }, include: { subscriber: true } });
    const failed = rows.filter((row) => row.status === "failed");
    expect(failed.map((row) => [row.subscriber.email, row.lastError])).toEqual([["r7@smtp.example.com", "SMTP RCPT TO: 550 5.1.1 No such user here"]]);
    expect(rows.filter((row) => row.status === "sent")).toHaveLength(119);
    expect(rows.find((row) => row.subscriber.email === "r8@smtp.example.com")).toMatchObject({ status: "sent", attempts: 2 });
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "partially_failed" });

    // Each row records the Message-ID its recipient received, and the message carries the signed one-click headers.
    const byRecipient = new Map(server.received.map((received) => [received.to[0], received.raw]));
    for (const row of rows.filter((row) => row.status === "sent")) {
      const raw = byRecipient.get(row.subscriber.email)!;
      expect(row.providerMessageId).toBe(header(raw, "Message-ID"));
      expect(header(raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      const oneClick = /^<https:\/\/news\.example\.com\/api\/unsubscribe\?token=([^>]+)>, <mailto:letters@news\.example\.com\?subject=unsubscribe>$/.exec(header(raw, "List-Unsubscribe") ?? "");
      expect(verifySubscriberToken(oneClick![1]!, { purpose: "unsubscribe", secret })).toMatchObject({ ok: true, subscriberId: row.subscriberId, deliveryId: row.id, name: null });
    }
    const sample = byRecipient.get("r0@smtp.example.com")!;
    expect(header(sample, "Reply-To")).toBe("letters@news.example.com");
    expect(sample).toMatch(/Content-Type: text\/plain/);
    expect(sample).toMatch(/Content-Type: text\/html/);
    expect(decodedBody(sample)).toContain("Unsubscribe: https://news.example.com/unsubscribe?token=");
  });

  it("puts every row back in the queue while the server is down, and gives up after the attempts allowed, saying why", async () => {
    smtp = createSmtpTransport({ url: `smtp://127.0.0.1:${await closedPort()}` });
    const issue = await sendingIssue(3);

    await drain(smtpWorker(smtp, 3));

    const rows = await prisma.delivery.findMany({ where: { issueId: issue.id } });
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "failed", attempts: 3 });
      expect(row.lastError).toMatch(/^gave up after 3 attempts: ESOCKET: connect ECONNREFUSED/);
    }
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "partially_failed" });
  });

  it("resends a batch whose answer was lost after the server accepted it (SMTP has no idempotency key), with the same Message-IDs", async () => {
    server = await startFakeSmtp();
    smtp = createSmtpTransport({ url: server.url });
    const transport = smtp;
    let calls = 0;
    // The server takes the batch, then the worker never learns it: as if it died before recording.
    const answerLostOnce: Transport = {
      name: "smtp",
      async sendBatch(messages, options) {
        const results = await transport.sendBatch(messages, options);
        if (++calls === 1) throw new Error("connection lost after DATA");
        return results;
      },
    };
    const issue = await sendingIssue(4);

    await drain(smtpWorker(answerLostOnce));

    // The documented limit: that one batch arrives twice, each copy with the same Message-ID.
    expect(server.received).toHaveLength(8);
    const ids = new Map<string, Set<string | null>>();
    for (const received of server.received) ids.set(received.to[0]!, (ids.get(received.to[0]!) ?? new Set()).add(header(received.raw, "Message-ID")));
    expect([...ids.values()].map((set) => set.size)).toEqual([1, 1, 1, 1]);
    const rows = await prisma.delivery.findMany({ where: { issueId: issue.id }, include: { subscriber: true } });
    for (const row of rows) expect(row).toMatchObject({ status: "sent", attempts: 2, providerMessageId: [...ids.get(row.subscriber.email)!][0] });
  });

  it("stops sending a batch another worker reclaimed while this one stalled, leaving the rest to it: only the message on the wire goes twice", async () => {
    let arrived = 0;
    let releaseThird!: () => void;
    const thirdHeld = new Promise<void>((resolve) => (releaseThird = resolve));
    // The first worker's third message stays on the wire (no 250 yet) while the batch changes hands.
    server = await startFakeSmtp({ beforeAccept: () => (++arrived === 3 ? thirdHeld : undefined) });
    const stalled = createSmtpTransport({ url: server.url, maxConnections: 1 });
    smtp = createSmtpTransport({ url: server.url, maxConnections: 1 });
    const issue = await sendingIssue(10);
    const leaseMs = 1_500;
    const first = createWorker({ prisma, transport: stalled, appUrl: "https://news.example.com", secret, leaseMs });
    const firstDone = first.processNext();
    await waitUntil("the first worker's third message is on the wire", async () => arrived === 3);

    // Its lease runs out unrenewed (as if it had stalled), and a second worker reclaims the batch and sends it.
    await prisma.delivery.updateMany({ where: { issueId: issue.id }, data: { leaseExpiresAt: new Date(Date.now() - 1) } });
    const second = createWorker({ prisma, transport: smtp, appUrl: "https://news.example.com", secret, leaseMs: 60_000 });
    expect(await second.processNext()).toBe("worked");
    // By then the first worker knows the batch is no longer its own (its renewal found it taken, and its lease has run out by its clock); then its third message is answered.
    await new Promise((resolve) => setTimeout(resolve, leaseMs));
    releaseThird();
    expect(await firstDone).toBe("worked");
    await stalled.close();

    const copies = new Map<string, number>();
    for (const received of server.received) copies.set(received.to[0]!, (copies.get(received.to[0]!) ?? 0) + 1);
    // Two sent before the stall and the one on the wire arrive twice; the other seven, once.
    expect([...copies.values()].sort()).toEqual([1, 1, 1, 1, 1, 1, 1, 2, 2, 2]);
    const rows = await prisma.delivery.findMany({ where: { issueId: issue.id } });
    expect(rows.map((row) => row.status)).toEqual(rows.map(() => "sent"));
    await drain(smtpWorker(smtp));
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sent" });
  });
});
