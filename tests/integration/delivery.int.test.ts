import http from "node:http";
import type { AddressInfo } from "node:net";
import { beforeEach, describe, expect, it } from "vitest";
import { signSubscriberToken, verifySubscriberToken } from "@/lib/auth/subscriber-token";
import { claimBatch } from "@/lib/delivery/claim-batch";
import { holdLease } from "@/lib/delivery/hold-lease";
import { cancelSend } from "@/lib/delivery/schedule-issue";
import { ledgerRowId, MAX_LEDGER_ROWS } from "@/lib/delivery/ledger-row-id";
import { startSend } from "@/lib/delivery/start-send";
import { recordResults } from "@/lib/delivery/record-results";
import type { SendResult, Transport } from "@/lib/delivery/transport";
import { createOutboxTransport } from "@/lib/delivery/transports/outbox";
import { createWorker } from "@/lib/delivery/worker";
import type { Database } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { unsubscribeWithToken } from "@/lib/subscribers/unsubscribe-with-token";
import { requestSiteRevalidation } from "@/lib/web/request-site-revalidation";
import { revalidationTokenValid } from "@/lib/web/revalidation-token";
import { resetDatabase, testDb } from "../helpers/db";
import { waitUntil } from "../helpers/wait-until";
import { countingIdleLooks, holdingTransport } from "../helpers/worker-probes";
import { createIssue, createPublication, createSendableIssue, createSubscriber } from "../helpers/factories";

const prisma = testDb();
// Workers take whatever is sending, so each test starts from empty tables.
beforeEach(resetDatabase);
const secret = "integration-test-secret-long-enough-0123456789";
const appUrl = "https://news.example.com";

/** A publication with a ready issue (demo #1's blocks) and `active` active subscribers, plus some that must never get it. */
async function readyIssue(active: number) {
  const { publication, issue } = await createSendableIssue(prisma, {
    recipients: active,
    address: (n) => `r${n}@list.example.com`,
    publication: { replyTo: "letters@news.example.com" },
  });
  for (const status of ["pending", "unsubscribed", "bounced", "complained"] as const) {
    await createSubscriber(prisma, { publicationId: publication.id, status });
  }
  return { publication, issue };
}

async function drain(worker: ReturnType<typeof createWorker>) {
  let batches = 0;
  while ((await worker.processNext()) === "worked") batches++;
  return batches;
}

function outboxWorker(database: Database = prisma, transport: Transport = createOutboxTransport(database)) {
  return createWorker({ prisma: database, transport, appUrl, secret, leaseMs: 60_000 });
}

describe("starting a send", () => {
  it("snapshots the active subscribers only, once, and refuses a second start", async () => {
    const { issue, publication } = await readyIssue(5);
    expect(await startSend(prisma, { issueId: issue.id })).toEqual({ started: true, recipients: 5 });
    await createSubscriber(prisma, { publicationId: publication.id, status: "active" });
    expect(await startSend(prisma, { issueId: issue.id })).toEqual({ started: false, reason: "not-startable", status: "sending" });
    expect(await prisma.delivery.count({ where: { issueId: issue.id } })).toBe(5);
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sending" });
  });

  it("refuses an issue that fails its checks, saying why", async () => {
    const publication = await createPublication(prisma);
    const issue = await createIssue(prisma, { publicationId: publication.id, blocks: { create: [{ position: 0, type: "intro", data: { text: "" } }] } });
    const result = await startSend(prisma, { issueId: issue.id });
    expect(result).toMatchObject({ started: false, reason: "checks-failed", problems: [{ blockIndex: 0, path: ["text"], message: "is empty" }] });
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "draft" });
  });

  it("lets only one of two simultaneous starts through", async () => {
    const { issue } = await readyIssue(3);
    const results = await Promise.all([startSend(prisma, { issueId: issue.id }), startSend(prisma, { issueId: issue.id })]);
    expect(results.filter((result) => result.started)).toHaveLength(1);
    expect(await prisma.delivery.count({ where: { issueId: issue.id } })).toBe(3);
  });
});

describe("ledger row ids", () => {
  const uuidV7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7([0-9a-f]{3})-8([0-9a-f]{3})-([0-9a-f])([0-9a-f]{11})$/;
  /** The parts of a ledger row id: its time, its row number, and the send's random part. */
  function decode(id: string) {
    const parts = uuidV7.exec(id);
    if (!parts) throw new Error(`not a ledger row id: ${id}`);
    const [, timeHigh, timeLow, counterHigh, counterMiddle, counterLow, random] = parts;
    return { ms: parseInt(`${timeHigh}${timeLow}`, 16), n: parseInt(`${counterHigh}${counterMiddle}${counterLow}`, 16), random };
  }

  it("are UUIDv7 text of the start time and the row number, ordered as numbered, up to the counter's last value", async () => {
    const startedAt = new Date("2026-11-30T08:00:00.123Z");
    const numbers = [0, 1, 15, 16, 4095, 4096, 65_535, 65_536, 1_000_000, MAX_LEDGER_ROWS - 1];
    const rows = await prisma.$queryRaw<{ n: number; id: string }[]>`
      SELECT n::int AS n, ${ledgerRowId(startedAt, Prisma.sql`n`)} AS id FROM unnest(${numbers}::bigint[]) AS n`;
    expect(rows.map((row) => decode(row.id))).toEqual(numbers.map((n) => ({ ms: startedAt.getTime(), n, random: decode(rows[0]!.id).random })));
    // Text order, in the database's collation and in JavaScript's, is row order.
    const sorted = await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM unnest(${rows.map((row) => row.id).reverse()}::text[]) AS id ORDER BY id`;
    expect(sorted.map((row) => row.id)).toEqual(rows.map((row) => row.id));
    expect([...rows.map((row) => row.id)].sort()).toEqual(rows.map((row) => row.id));
  });

  it("number a send's snapshot 0..n-1, and two sends started in the same millisecond share no id", async () => {
    const now = new Date("2026-11-30T08:00:00.000Z");
    const first = await readyIssue(40);
    const second = await readyIssue(40);
    expect(await startSend(prisma, { issueId: first.issue.id, now })).toEqual({ started: true, recipients: 40 });
    expect(await startSend(prisma, { issueId: second.issue.id, now })).toEqual({ started: true, recipients: 40 });
    for (const { issue } of [first, second]) {
      const ids = (await prisma.delivery.findMany({ where: { issueId: issue.id }, select: { id: true }, orderBy: { id: "asc" } })).map((row) => decode(row.id));
      expect(ids.map((id) => id.n)).toEqual(Array.from({ length: 40 }, (_, n) => n));
      expect(new Set(ids.map((id) => `${id.ms}/${id.random}`))).toEqual(new Set([`${now.getTime()}/${ids[0]!.random}`]));
    }
    expect(await prisma.delivery.count()).toBe(80);
  });
});

describe("a running worker's loops", () => {
  it("look for work one at a time while there is none, and all go to work when a send starts", async () => {
    const { database: counted, count } = countingIdleLooks(prisma);
    // The outbox, holding every batch until the test lets them go, counting the batches in flight.
    const { transport: held, inFlight, letGo } = holdingTransport(createOutboxTransport(prisma));
    // The loops' idle waits, ended by the test ("a tick") instead of a timer.
    let sleeping: (() => void)[] = [];
    const pause = (_ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        sleeping.push(resolve);
        signal.addEventListener("abort", () => resolve(), { once: true });
      });
    const tick = () => {
      const woken = sleeping;
      sleeping = [];
      for (const wake of woken) wake();
    };
    const worker = createWorker({ prisma: counted, transport: held, appUrl, secret, leaseMs: 60_000, batchSize: 50 });
    const stop = new AbortController();
    const running = worker.run({ signal: stop.signal, idleMs: 200, concurrency: 4, pause });

    // Each of the four loops looks once as it starts; then one of them waits for the next tick and the others wait for it.
    await waitUntil("each loop has looked once", async () => count.looks === 4);
    expect(sleeping).toHaveLength(1);
    for (let ticks = 1; ticks <= 3; ticks++) {
      tick();
      await waitUntil(`the look of tick ${ticks}`, async () => count.looks === 4 + ticks);
      expect(sleeping).toHaveLength(1);
    }

    const { issue } = await readyIssue(400);
    await startSend(prisma, { issueId: issue.id });
    tick();
    // The loop that found the send woke the other three: each has a batch in flight.
    await waitUntil("four batches are in flight", async () => inFlight() === 4, 20_000);
    letGo();
    await waitUntil("the issue is sent", async () => (await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).status === "sent");
    expect(await prisma.outboxMessage.count()).toBe(400);
    stop.abort();
    await running;
  });
});

describe("recording a batch", () => {
  it("keeps an outage's batch whole for its retry even when one row had no message (its subscriber gone since the claim)", async () => {
    const { issue } = await readyIssue(3);
    await startSend(prisma, { issueId: issue.id });
    const batch = (await claimBatch(prisma, { leaseMs: 60_000 }))!;
    const results: SendResult[] = batch.deliveries.map((_, index) =>
      index === 0 ? { ok: false, error: "the subscriber was deleted during the send", retryable: false, unattempted: true } : { ok: false, error: "no response: fetch failed", retryable: true },
    );
    expect(await recordResults(prisma, batch, results, { maxAttempts: 5, retryWaitMs: 0 })).toEqual({ sent: 0, failed: 1, retried: 2 });
    const rows = await prisma.delivery.findMany({ where: { id: { in: batch.deliveries.map((delivery) => delivery.id) } } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(batch.deliveries[0]!.id)).toMatchObject({ status: "failed", batchKey: null });
    // The others stay in their batch, under its key: the provider may hold them, and a regrouped retry would resend them.
    for (const delivery of batch.deliveries.slice(1)) expect(byId.get(delivery.id)).toMatchObject({ status: "sending", batchKey: batch.batchKey });
  });

  it("writes only what it sent once it has lost the batch, so the worker that reclaimed it records the rest", async () => {
    const { issue } = await readyIssue(3);
    await startSend(prisma, { issueId: issue.id });
    const stalled = (await claimBatch(prisma, { leaseMs: 60_000 }))!;
    const ids = stalled.deliveries.map((delivery) => delivery.id);
    // Its lease runs out while it stalls; another worker reclaims the batch.
    await prisma.delivery.updateMany({ where: { id: { in: ids } }, data: { leaseExpiresAt: new Date(Date.now() - 1) } });
    const holder = (await claimBatch(prisma, { leaseMs: 60_000 }))!;
    expect(holder.batchKey).toBe(stalled.batchKey);
    const before = await prisma.delivery.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });

    // The stalled worker wakes: one message went out, one got a 451, the last it left to the holder.
    const late: SendResult[] = [
      { ok: true, providerMessageId: "<sent-before-the-stall@news.example.com>" },
      { ok: false, error: "SMTP DATA: 451 try later", retryable: true },
      { ok: false, error: "not sent: this worker no longer held the batch", retryable: true, abandoned: true },
    ];
    expect(await recordResults(prisma, stalled, late, { maxAttempts: 5, retryWaitMs: 0 })).toEqual({ sent: 1, failed: 0, retried: 0 });
    const after = await prisma.delivery.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    expect(after.find((row) => row.id === stalled.deliveries[0]!.id)).toMatchObject({ status: "sent", providerMessageId: "<sent-before-the-stall@news.example.com>" });
    // The others are the holder's, as it left them: not queued, where the next claim would send them once more.
    for (const delivery of stalled.deliveries.slice(1)) expect(after.find((row) => row.id === delivery.id)).toEqual(before.find((row) => row.id === delivery.id));
    // The same when its lease ran out with nothing abandoned (the worker says so: lostBatch).
    const lostLate: SendResult[] = stalled.deliveries.map(() => ({ ok: false, error: "SMTP DATA: 451 try later", retryable: true }));
    expect(await recordResults(prisma, stalled, lostLate, { maxAttempts: 5, retryWaitMs: 0, lostBatch: true })).toEqual({ sent: 0, failed: 0, retried: 0 });

    // The holder records its own outcome: every row sent, none left for another claim.
    await recordResults(prisma, holder, holder.deliveries.map(() => ({ ok: true, providerMessageId: "" })), { maxAttempts: 5, retryWaitMs: 0 });
    expect((await prisma.delivery.findMany({ where: { id: { in: ids } } })).map((row) => row.status)).toEqual(["sent", "sent", "sent"]);
    expect(await claimBatch(prisma, { leaseMs: 60_000 })).toBeNull();
  });
});

describe("the worker with the outbox transport", () => {
  it("delivers every recipient exactly once, with signed links and one-click headers, then marks the issue sent", async () => {
    const { issue } = await readyIssue(250);
    await startSend(prisma, { issueId: issue.id });
    expect(await drain(outboxWorker())).toBe(3);

    const messages = await prisma.outboxMessage.findMany({ include: { delivery: { include: { subscriber: true } } } });
    expect(messages).toHaveLength(250);
    expect(new Set(messages.map((message) => message.toAddress)).size).toBe(250);
    for (const message of messages.slice(0, 5)) {
      const subscriberId = message.delivery!.subscriberId;
      expect(message.toAddress).toBe(message.delivery!.subscriber.email);
      const headers = message.headers as Record<string, string>;
      expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      const oneClick = /<(https:\/\/news\.example\.com\/api\/unsubscribe\?token=([^>]+))>, <mailto:letters@news\.example\.com\?subject=unsubscribe>/.exec(headers["List-Unsubscribe"]!);
      // The unsubscribe link names its delivery (an unsubscribe through it counts for this issue); the preferences link does not.
      expect(verifySubscriberToken(oneClick![2]!, { purpose: "unsubscribe", secret })).toMatchObject({ ok: true, subscriberId, deliveryId: message.deliveryId, name: null });
      const preferences = /https:\/\/news\.example\.com\/preferences\?token=([\w.-]+)/.exec(message.html);
      expect(verifySubscriberToken(preferences![1]!, { purpose: "preferences", secret })).toMatchObject({ ok: true, subscriberId, deliveryId: null, name: null });
      expect(message.text).toContain(`Unsubscribe: https://news.example.com/unsubscribe?token=`);
    }
    expect(await prisma.delivery.groupBy({ by: ["status"], _count: true })).toEqual([{ status: "sent", _count: 250 }]);
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sent", sentAt: expect.any(Date), publishedAt: expect.any(Date) });
  });

  it("greets each recipient by name (or the fallback) in the subject, HTML and text", async () => {
    const publication = await createPublication(prisma);
    const issue = await createIssue(prisma, {
      publicationId: publication.id,
      title: "{{name|Friend}}, the week in tides",
      blocks: { create: [{ position: 0, type: "intro", data: { text: "Hi **{{name|there}}**, this copy is for {{email}}." } }] },
    });
    await createSubscriber(prisma, { publicationId: publication.id, email: "ada@mail.example.com", name: "Ada <Lovelace>" });
    await createSubscriber(prisma, { publicationId: publication.id, email: "anon@mail.example.com", name: null });
    await startSend(prisma, { issueId: issue.id });
    await drain(outboxWorker());
    const ada = await prisma.outboxMessage.findFirstOrThrow({ where: { toAddress: "ada@mail.example.com" } });
    expect(ada.subject).toBe("Ada <Lovelace>, the week in tides");
    expect(ada.html).toContain("<strong>Ada &lt;Lovelace&gt;</strong>, this copy is for ada@mail.example.com.");
    expect(ada.text).toContain("Hi Ada <Lovelace>, this copy is for ada@mail.example.com.");
    const anon = await prisma.outboxMessage.findFirstOrThrow({ where: { toAddress: "anon@mail.example.com" } });
    expect(anon.subject).toBe("Friend, the week in tides");
    expect(anon.html).toContain("<strong>there</strong>, this copy is for anon@mail.example.com.");
  });

  it("tells the web app once when a send publishes its issue, with a token the app accepts", async () => {
    const { issue } = await readyIssue(150);
    await startSend(prisma, { issueId: issue.id });
    const received: boolean[] = [];
    const app = http.createServer((request, response) => {
      received.push(request.method === "POST" && request.url === "/api/revalidate" && revalidationTokenValid(/^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1], secret));
      response.writeHead(received.at(-1) ? 200 : 401).end();
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const siteUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    const published: string[] = [];
    const worker = createWorker({
      prisma,
      transport: createOutboxTransport(prisma),
      appUrl,
      secret,
      onPublished: async (issueId) => {
        published.push(issueId);
        await requestSiteRevalidation({ siteUrl, secret });
      },
    });
    try {
      await drain(worker);
      await worker.processNext();
    } finally {
      app.close();
    }
    expect(published).toEqual([issue.id]);
    expect(received).toEqual([true]);
  });

  it("ends a send with no recipients as sent", async () => {
    const { issue } = await readyIssue(0);
    await startSend(prisma, { issueId: issue.id });
    expect(await outboxWorker().processNext()).toBe("idle");
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sent" });
  });

  it("prunes expired sign-in links and rate-limit windows on an idle tick", async () => {
    const past = new Date(Date.now() - 3_600_000);
    await prisma.verificationToken.create({ data: { identifier: "a@example.com", token: "old", expires: past } });
    await prisma.rateLimitBucket.create({ data: { key: "old", count: 1, resetAt: past } });
    expect(await outboxWorker().processNext()).toBe("idle");
    expect(await prisma.verificationToken.count()).toBe(0);
    expect(await prisma.rateLimitBucket.count()).toBe(0);
  });

  it("reclaims the batch of a worker that died, with the same idempotency key, and delivers it once", async () => {
    const { issue } = await readyIssue(30);
    await startSend(prisma, { issueId: issue.id });
    const lost = await claimBatch(prisma, { leaseMs: 60_000 });
    // The dead worker's transport call went through before it died: the provider has the batch.
    await createOutboxTransport(prisma).sendBatch(
      lost!.deliveries.map((delivery) => ({ deliveryId: delivery.id, from: "a@b.example", to: "x@y.example", subject: "s", html: "h", text: "t", headers: {} })),
      { idempotencyKey: lost!.idempotencyKey },
    );
    expect(await claimBatch(prisma, { leaseMs: 60_000 })).toBeNull();
    const later = await claimBatch(prisma, { leaseMs: 60_000, now: new Date(Date.now() + 61_000) });
    expect(later).toMatchObject({ batchKey: lost!.batchKey, idempotencyKey: lost!.idempotencyKey });
    expect(later!.deliveries.map((delivery) => delivery.id)).toEqual(lost!.deliveries.map((delivery) => delivery.id));
    expect(later!.deliveries.every((delivery) => delivery.attempts === 2)).toBe(true);

    // Its lease is the new worker's now; let the lease pass again and drain normally.
    await prisma.delivery.updateMany({ where: { batchKey: lost!.batchKey }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
    await drain(outboxWorker());
    expect(await prisma.outboxMessage.count()).toBe(30);
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sent" });
  });

  it("does not mail a reader who left after the send started: their row is skipped with why, even a whole batch of them; a batch already handed over goes out whole", async () => {
    const { issue } = await readyIssue(12);
    await startSend(prisma, { issueId: issue.id });
    const rows = await prisma.delivery.findMany({ where: { issueId: issue.id }, orderBy: { id: "asc" }, include: { subscriber: true } });
    // Rows 0-1 are a batch a worker has already sent and then died holding: the provider may have it.
    const handedOver = await claimBatch(prisma, { leaseMs: 60_000, size: 2 });
    expect(handedOver!.deliveries.map((delivery) => delivery.id)).toEqual([rows[0]!.id, rows[1]!.id]);
    // Then readers leave, by their unsubscribe link, a bounce and a complaint elsewhere: row 1 (in that batch),
    // rows 2-5 (a whole batch of 4) and row 9.
    const unsubscribe = async (subscriberId: string) => {
      const token = signSubscriberToken({ subscriberId, purpose: "unsubscribe", secret });
      expect(await unsubscribeWithToken(prisma, { token, secret })).toMatchObject({ ok: true });
    };
    for (const row of [rows[1]!, rows[2]!, rows[3]!, rows[4]!]) await unsubscribe(row.subscriberId);
    await prisma.subscriber.update({ where: { id: rows[5]!.subscriberId }, data: { status: "bounced" } });
    await prisma.subscriber.update({ where: { id: rows[9]!.subscriberId }, data: { status: "complained" } });
    await prisma.delivery.updateMany({ where: { batchKey: handedOver!.batchKey }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });

    await drain(createWorker({ prisma, transport: createOutboxTransport(prisma), appUrl, secret, leaseMs: 60_000, batchSize: 4 }));
    const mailed = (await prisma.outboxMessage.findMany({ select: { toAddress: true } })).map((message) => message.toAddress).sort();
    const expected = [0, 1, 6, 7, 8, 10, 11].map((index) => rows[index]!.subscriber!.email).sort();
    expect(mailed).toEqual(expected);
    const after = new Map((await prisma.delivery.findMany({ where: { issueId: issue.id } })).map((row) => [row.id, row]));
    expect([2, 3, 4, 5, 9].map((index) => [after.get(rows[index]!.id)!.status, after.get(rows[index]!.id)!.lastError])).toEqual([
      ["skipped", "not sent: unsubscribed after the send started"],
      ["skipped", "not sent: unsubscribed after the send started"],
      ["skipped", "not sent: unsubscribed after the send started"],
      ["skipped", "not sent: bounced after the send started"],
      ["skipped", "not sent: complained after the send started"],
    ]);
    expect(after.get(rows[1]!.id)!.status).toBe("sent");
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sent" });
  });

  it("gives up a batch whose every worker died before recording it, after the attempts allowed, and never reclaims one of a canceled send", async () => {
    const { issue } = await readyIssue(4);
    await startSend(prisma, { issueId: issue.id });
    const expire = (batchKey: string) => prisma.delivery.updateMany({ where: { batchKey }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
    // A batch that takes down each worker holding it: claimed, then reclaimed after each death, five attempts in all.
    const doomed = await claimBatch(prisma, { leaseMs: 60_000, size: 2 });
    for (let attempt = 2; attempt <= 5; attempt++) {
      await expire(doomed!.batchKey);
      expect(await claimBatch(prisma, { leaseMs: 60_000, size: 2, maxAttempts: 5 })).toMatchObject({ batchKey: doomed!.batchKey, deliveries: [{ attempts: attempt }, { attempts: attempt }] });
    }
    await expire(doomed!.batchKey);
    await drain(outboxWorker());
    const rows = await prisma.delivery.findMany({ where: { issueId: issue.id }, orderBy: { id: "asc" } });
    expect(rows.map((row) => row.status)).toEqual(["failed", "failed", "sent", "sent"]);
    expect(rows[0]!.lastError).toBe("gave up after 5 attempts, the last without a recorded outcome (its worker stopped; the provider may have it)");
    expect(await prisma.outboxMessage.count()).toBe(2);
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "partially_failed" });

    // A send canceled while a dead worker held a batch: not sent again, and the ledger says it is not known.
    const { issue: second } = await createSendableIssue(prisma, { recipients: 2, address: (n) => `c${n}@list.example.com` });
    await startSend(prisma, { issueId: second.id });
    const held = await claimBatch(prisma, { leaseMs: 60_000 });
    expect(await cancelSend(prisma, { issueId: second.id })).toBe(true);
    await expire(held!.batchKey);
    expect(await claimBatch(prisma, { leaseMs: 60_000 })).toBeNull();
    const canceled = await prisma.delivery.findMany({ where: { issueId: second.id } });
    expect(canceled.map((row) => [row.status, row.lastError])).toEqual(
      Array(2).fill(["failed", "not known whether sent: the send was canceled before this batch's outcome was known"]),
    );
    expect(await prisma.outboxMessage.count()).toBe(2);
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ status: "canceled" });
  });

  it("keeps the lease of a batch its worker is still sending, however slow the provider, so no other worker sends it too", async () => {
    const { issue } = await readyIssue(3);
    await startSend(prisma, { issueId: issue.id });
    const calls: { worker: string; to: string[]; key: string }[] = [];
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const provider = (name: string, slow: boolean): Transport => ({
      name: "smtp",
      async sendBatch(messages, { idempotencyKey }) {
        calls.push({ worker: name, to: messages.map((message) => message.to), key: idempotencyKey });
        if (slow) await answered;
        return messages.map((_, index) => ({ ok: true as const, providerMessageId: `${name}-${index}` }));
      },
    });
    const leaseMs = 600;
    const slowWorker = createWorker({ prisma, transport: provider("slow", true), appUrl, secret, leaseMs });
    const first = slowWorker.processNext();
    await waitUntil("the slow worker has handed its batch to the provider", async () => calls.length === 1);
    // Three leases long the provider has not answered; another worker looking for expired leases all along finds none.
    const other = createWorker({ prisma, transport: provider("other", false), appUrl, secret, leaseMs });
    const until = Date.now() + 3 * leaseMs;
    while (Date.now() < until) {
      expect(await claimBatch(prisma, { leaseMs, reclaimFirst: true })).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await other.processNext()).toBe("idle");
    answer();
    expect(await first).toBe("worked");
    expect(calls.map((call) => call.worker)).toEqual(["slow"]);
    expect(await prisma.delivery.count({ where: { issueId: issue.id, status: "sent" } })).toBe(3);
    expect(await prisma.delivery.count({ where: { issueId: issue.id, leaseExpiresAt: { not: null } } })).toBe(0);
  });

  it("keeps a batch that failed whole together: one row at the end of its attempts ends the batch, not only itself", async () => {
    const { issue } = await readyIssue(3);
    await startSend(prisma, { issueId: issue.id });
    // One row was tried four times before (put back alone each time); the others are fresh.
    const [worn] = await prisma.delivery.findMany({ where: { issueId: issue.id }, orderBy: { id: "asc" }, take: 1 });
    await prisma.delivery.update({ where: { id: worn!.id }, data: { attempts: 4 } });
    const down: Transport = { name: "resend", sendBatch: async (messages) => messages.map(() => ({ ok: false, error: "500: Internal server error", retryable: true })) };
    await drain(createWorker({ prisma, transport: down, appUrl, secret, leaseMs: 60_000, maxAttempts: 5, retryWaitMs: 0 }));
    const rows = await prisma.delivery.findMany({ where: { issueId: issue.id } });
    expect(rows.map((row) => [row.status, row.lastError])).toEqual(Array(3).fill(["failed", "gave up after 5 attempts: 500: Internal server error"]));
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "partially_failed" });
  });

  it("goes on renewing after a renewal whose answer was lost once it had committed", async () => {
    const { issue } = await readyIssue(2);
    await startSend(prisma, { issueId: issue.id });
    const batch = await claimBatch(prisma, { leaseMs: 60_000 });
    let calls = 0;
    // The database commits the first renewal, and then the connection drops before its answer.
    const dropsFirstAnswer = {
      $executeRaw: async (...args: Parameters<typeof prisma.$executeRaw>) => {
        const count = await prisma.$executeRaw(...args);
        if (++calls === 1) throw new Error("Connection terminated unexpectedly");
        return count;
      },
    } as unknown as Database;
    const lease = holdLease(dropsFirstAnswer, batch!, 60_000, { everyMs: 50 });
    try {
      await waitUntil("a renewal after the lost answer took", async () => lease.until.getTime() > batch!.leaseUntil.getTime(), 5_000);
    } finally {
      await lease.release();
    }
    const rows = await prisma.delivery.findMany({ where: { batchKey: batch!.batchKey }, select: { leaseExpiresAt: true } });
    expect(rows.map((row) => row.leaseExpiresAt)).toEqual(batch!.deliveries.map(() => lease.until));
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it("holds a batch by its own clock only while its lease is more than a sixth of a lease from its end", async () => {
    const now = Date.now();
    const leaseOf = (msLeft: number) => holdLease(prisma, { batchKey: "b", deliveries: [], leaseUntil: new Date(now + msLeft) }, 60_000, { everyMs: 3_600_000 });
    const fresh = leaseOf(50_000);
    const nearItsEnd = leaseOf(5_000);
    const over = leaseOf(-1);
    expect([fresh.holds(), nearItsEnd.holds(), over.holds()]).toEqual([true, false, false]);
    await Promise.all([fresh.release(), nearItsEnd.release(), over.release()]);
  });

  it("stops renewing a lease another worker has taken over (its holder stalled past it), leaving the other's lease alone", async () => {
    const { issue } = await readyIssue(3);
    await startSend(prisma, { issueId: issue.id });
    const batch = await claimBatch(prisma, { leaseMs: 60_000 });
    const lease = holdLease(prisma, batch!, 60_000, { everyMs: 50 });
    await waitUntil("the lease was renewed once", async () => lease.until.getTime() > batch!.leaseUntil.getTime());
    expect(lease.holds()).toBe(true);
    // The holder stalls past its lease; another worker reclaims the batch with a lease of its own.
    await prisma.delivery.updateMany({ where: { batchKey: batch!.batchKey }, data: { leaseExpiresAt: new Date(Date.now() - 1) } });
    const reclaimed = await claimBatch(prisma, { leaseMs: 60_000 });
    expect(reclaimed).toMatchObject({ batchKey: batch!.batchKey });
    const mine = lease.until;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await lease.release();
    expect(lease.until).toEqual(mine);
    // Its renewal found the batch taken, though its own lease has most of a minute left by its clock.
    expect(lease.holds()).toBe(false);
    const leases = await prisma.delivery.findMany({ where: { batchKey: batch!.batchKey }, select: { leaseExpiresAt: true } });
    expect(leases.map((row) => row.leaseExpiresAt)).toEqual(batch!.deliveries.map(() => reclaimed!.leaseUntil));
  });

  it("lets two workers share a send without a duplicate, both doing work", async () => {
    const { issue } = await readyIssue(600);
    await startSend(prisma, { issueId: issue.id });
    const [first, second] = await Promise.all([drain(outboxWorker()), drain(outboxWorker())]);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    expect(first + second).toBe(6);
    expect(await prisma.outboxMessage.count()).toBe(600);
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sent" });
  });

  it("ends partially failed with the reasons, retrying only what may succeed", async () => {
    const { issue } = await readyIssue(10);
    await startSend(prisma, { issueId: issue.id });
    const outbox = createOutboxTransport(prisma);
    let calls = 0;
    // Our own Transport interface: reader3 is refused for good, reader4 fails once and then goes through.
    const flaky: Transport = {
      name: "outbox",
      async sendBatch(messages, options) {
        calls++;
        const results = await outbox.sendBatch(messages.filter((m) => m.to !== "r3@list.example.com" && !(m.to === "r4@list.example.com" && calls === 1)), options);
        let next = 0;
        return messages.map((m) =>
          m.to === "r3@list.example.com" ? { ok: false, error: "550 mailbox unavailable", retryable: false }
          : m.to === "r4@list.example.com" && calls === 1 ? { ok: false, error: "timeout", retryable: true }
          : results[next++]!,
        );
      },
    };
    await drain(outboxWorker(prisma, flaky));
    expect(calls).toBe(2);
    const failed = await prisma.delivery.findMany({ where: { status: "failed" }, include: { subscriber: true } });
    expect(failed.map((row) => [row.subscriber.email, row.lastError])).toEqual([["r3@list.example.com", "550 mailbox unavailable"]]);
    expect(await prisma.delivery.count({ where: { status: "sent" } })).toBe(9);
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "partially_failed" });
  });
});
