import { createHash, randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eraseSubscriber } from "@/lib/audience/manage-subscriber";
import { signSubscriberToken } from "@/lib/auth/subscriber-token";
import { createRateLimiter } from "@/lib/delivery/rate-limiter";
import { retryFailed } from "@/lib/delivery/retry-failed";
import { startSend } from "@/lib/delivery/start-send";
import { createResendTransport } from "@/lib/delivery/transports/resend";
import { createWorker } from "@/lib/delivery/worker";
import { unsubscribeWithToken } from "@/lib/subscribers/unsubscribe-with-token";
import { resetDatabase, testDb } from "../helpers/db";
import { startFakeResend, type Fault } from "../helpers/fake-resend";
import { createSendableIssue } from "../helpers/factories";

const prisma = testDb();
const API_KEY = "re_test_key";
let server: Awaited<ReturnType<typeof startFakeResend>> | undefined;
beforeEach(resetDatabase);
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Deterministic randomness (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function sendingIssue(recipients: number) {
  const { issue } = await createSendableIssue(prisma, { recipients, address: (n) => `r${n}@resend.example.com` });
  expect(await startSend(prisma, { issueId: issue.id })).toMatchObject({ started: true, recipients });
  return issue;
}

function resendWorker(baseUrl: string, apiKey = API_KEY) {
  const transport = createResendTransport({ apiKey, baseUrl, limiter: createRateLimiter(0), timeoutMs: 250, maxRetries: 6, backoffMs: 10 });
  // A batch that failed whole is tried again at once, not after the production 30 s.
  return createWorker({ prisma, transport, appUrl: "https://news.example.com", secret, maxAttempts: 5, retryWaitMs: 0 });
}
const secret = "resend-test-secret-long-enough-0123456789";

async function drain(worker: ReturnType<typeof createWorker>) {
  while ((await worker.processNext()) === "worked");
}

describe("sending through Resend's API (local compatible server, real SDK)", () => {
  it("delivers 1,000 recipients exactly once through random 429s, 500s, time-outs and dropped connections", async () => {
    const roll = random(20261123);
    const faults: Fault[] = [
      { kind: "429", retryAfterSeconds: 0 },
      { kind: "500" },
      { kind: "slow", ms: 400 },
      { kind: "drop-before" },
      { kind: "drop-after" },
    ];
    server = await startFakeResend({ apiKey: API_KEY, fault: () => (roll() < 0.4 ? faults[Math.floor(roll() * faults.length)]! : null) });
    const issue = await sendingIssue(1000);

    await Promise.all([drain(resendWorker(server.url)), drain(resendWorker(server.url))]);

    const recipients = server.delivered.map((email) => email.to);
    expect(recipients).toHaveLength(1000);
    expect(new Set(recipients).size).toBe(1000);
    const rows = await prisma.delivery.groupBy({ by: ["status", "lastError"], where: { issueId: issue.id }, _count: true });
    expect(rows).toEqual([{ status: "sent", lastError: null, _count: 1000 }]);
    const ids = await prisma.delivery.findMany({ select: { providerMessageId: true } });
    expect(new Set(ids.map((row) => row.providerMessageId)).size).toBe(1000);
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sent" });

    // The faults happened, and retries reused their key.
    const statuses = server.requests.map((request) => request.status);
    for (const status of [429, 500, 0]) expect(statuses).toContain(status);
    const keys = server.requests.map((request) => request.idempotencyKey);
    expect(keys.every((key) => key && /^batch-v2-[0-9a-f-]{36}$/.test(key))).toBe(true);
    expect(new Set(keys).size).toBeLessThan(keys.length);
    expect(server.delivered[0]?.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("asks again, with the same key, while Resend says the key's first request is still in progress", async () => {
    let answers = 0;
    server = await startFakeResend({ apiKey: API_KEY, fault: () => (answers++ < 2 ? { kind: "409-in-progress" } : null) });
    const issue = await sendingIssue(3);
    await drain(resendWorker(server.url));
    expect(server.requests.map((request) => request.status)).toEqual([409, 409, 200]);
    expect(new Set(server.requests.map((request) => request.idempotencyKey)).size).toBe(1);
    expect(server.delivered).toHaveLength(3);
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sent" });
  });

  it("fails only the email whose address Resend refuses, sending the rest of its batch", async () => {
    server = await startFakeResend({ apiKey: API_KEY, refuseAddress: (to) => (to === "r2@resend.example.com" ? "Invalid `to` field." : null) });
    const issue = await sendingIssue(5);
    await drain(resendWorker(server.url));
    expect(server.delivered.map((email) => email.to).sort()).toEqual(["r0@resend.example.com", "r1@resend.example.com", "r3@resend.example.com", "r4@resend.example.com"]);
    expect(server.requests).toHaveLength(1);
    const rows = await prisma.delivery.findMany({ where: { issueId: issue.id }, include: { subscriber: true } });
    const byAddress = new Map(rows.map((row) => [row.subscriber!.email, row]));
    expect(byAddress.get("r2@resend.example.com")).toMatchObject({ status: "failed", lastError: "Resend refused this address: Invalid `to` field.", providerMessageId: null });
    // The others have the ids Resend gave them, in order, not their neighbours'.
    const idByAddress = new Map(server.delivered.map((email) => [email.to, email.id]));
    for (const address of ["r0", "r1", "r3", "r4"].map((name) => `${name}@resend.example.com`)) {
      expect(byAddress.get(address)).toMatchObject({ status: "sent", providerMessageId: idByAddress.get(address) });
    }
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "partially_failed" });
  });

  it("tries a batch whose every answer was lost again whole, under the same key, even after a reader in it left: Resend sends nobody twice", async () => {
    // Resend takes the first request and its six retries (the same key: one delivery), but every answer is lost.
    server = await startFakeResend({ apiKey: API_KEY, fault: (n) => (n <= 7 ? { kind: "drop-after" } : null) });
    const issue = await sendingIssue(3);
    const worker = resendWorker(server.url);
    expect(await worker.processNext()).toBe("worked");
    const waiting = await prisma.delivery.findMany({ where: { issueId: issue.id }, include: { subscriber: true } });
    expect(waiting.map((row) => row.status)).toEqual(["sending", "sending", "sending"]);
    expect(waiting[0]!.lastError).toMatch(/no response/);
    // Meanwhile one of them unsubscribes: a batch regrouped without them would go under a new key, and the others twice.
    const leaving = waiting.find((row) => row.subscriber!.email === "r1@resend.example.com")!;
    expect(await unsubscribeWithToken(prisma, { token: signSubscriberToken({ subscriberId: leaving.subscriberId, purpose: "unsubscribe", secret }), secret })).toMatchObject({ ok: true });
    await drain(worker);
    expect(server.delivered.map((email) => email.to).sort()).toEqual(["r0@resend.example.com", "r1@resend.example.com", "r2@resend.example.com"]);
    expect(new Set(server.requests.map((request) => request.idempotencyKey)).size).toBe(1);
    expect(await prisma.delivery.count({ where: { issueId: issue.id, status: "sent", lastError: null } })).toBe(3);
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sent" });
  });

  it("records a batch Resend already holds as sent when a reader in it was erased before the retry (same key, other body)", async () => {
    server = await startFakeResend({ apiKey: API_KEY, fault: (n) => (n <= 7 ? { kind: "drop-after" } : null) });
    const issue = await sendingIssue(3);
    const worker = resendWorker(server.url);
    expect(await worker.processNext()).toBe("worked");
    // Erased while the batch waits: its retry would carry the placeholder address, and Resend refuses a changed body under its key.
    const erased = await prisma.subscriber.findFirstOrThrow({ where: { email: "r1@resend.example.com" } });
    const owner = { id: "owner", role: "owner" as const, email: "owner@example.com", name: null };
    expect(await eraseSubscriber(prisma, owner, { id: erased.id })).toBe(true);
    await drain(worker);
    expect(server.requests.at(-1)).toMatchObject({ status: 409 });
    // Resend sent the first request's three emails, once each; the ledger says sent, with no ids, not failed.
    expect(server.delivered.map((email) => email.to).sort()).toEqual(["r0@resend.example.com", "r1@resend.example.com", "r2@resend.example.com"]);
    const rows = await prisma.delivery.findMany({ where: { issueId: issue.id } });
    expect(rows.map((row) => [row.status, row.providerMessageId, row.lastError])).toEqual(Array(3).fill(["sent", null, null]));
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sent" });
  });

  it("marks every row failed with the reason when Resend refuses the request, and ends partially failed", async () => {
    server = await startFakeResend({ apiKey: API_KEY });
    const issue = await sendingIssue(3);
    await drain(resendWorker(server.url, "re_wrong_key"));
    const rows = await prisma.delivery.findMany({ where: { issueId: issue.id } });
    expect(rows.map((row) => [row.status, row.lastError])).toEqual(Array(3).fill(["failed", "401: Missing API key"]));
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "partially_failed" });
    expect(server.delivered).toHaveLength(0);
  });

  it("gives up on a batch that keeps failing, after the attempts allowed, saying why", async () => {
    server = await startFakeResend({ apiKey: API_KEY, fault: () => ({ kind: "500" }) });
    const issue = await sendingIssue(2);
    await drain(resendWorker(server.url));
    const rows = await prisma.delivery.findMany({ where: { issueId: issue.id } });
    expect(rows.every((row) => row.status === "failed" && row.attempts === 5)).toBe(true);
    expect(rows[0]?.lastError).toBe("gave up after 5 attempts: 500: Internal server error (after 7 tries)");
    expect(server.requests).toHaveLength(5 * 7);
  });

  it("retries batches Resend may hold under their own keys: after every answer was lost and a reader left, nobody gets the issue twice", async () => {
    // Resend takes each batch's first request, and every answer is lost, until the outage ends.
    let outage = true;
    server = await startFakeResend({ apiKey: API_KEY, fault: () => (outage ? { kind: "drop-after" } : null) });
    const issue = await sendingIssue(150);
    await drain(resendWorker(server.url));
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "partially_failed" });
    const failed = await prisma.delivery.findMany({ where: { issueId: issue.id }, include: { subscriber: true } });
    expect(failed.every((row) => row.status === "failed" && row.batchKey !== null && /^gave up after 5 attempts: no response/.test(row.lastError ?? ""))).toBe(true);
    expect(new Set(failed.map((row) => row.batchKey)).size).toBe(2);
    expect(server.delivered).toHaveLength(150);
    const firstKeys = new Set(server.requests.map((request) => request.idempotencyKey));
    expect(firstKeys.size).toBe(2);

    // One reader of the first batch leaves before the editor retries: that batch goes a row short.
    const leaving = failed.find((row) => row.subscriber!.email === "r7@resend.example.com")!;
    expect(await unsubscribeWithToken(prisma, { token: signSubscriberToken({ subscriberId: leaving.subscriberId, purpose: "unsubscribe", secret }), secret })).toMatchObject({ ok: true });
    outage = false;
    expect(await retryFailed(prisma, { issueId: issue.id })).toEqual({ requeued: 149, maybeSent: 149 });
    const before = server.requests.length;
    await drain(resendWorker(server.url));

    // Both batches went again under their first keys: Resend answered the whole one with its first answer,
    // and refused the changed one as a repeat. Every address got exactly one email.
    const retries = server.requests.slice(before);
    expect(retries.map((request) => request.status).sort()).toEqual([200, 409]);
    expect(retries.every((request) => firstKeys.has(request.idempotencyKey))).toBe(true);
    expect(server.delivered).toHaveLength(150);
    expect(new Set(server.delivered.map((email) => email.to)).size).toBe(150);
    const rows = await prisma.delivery.findMany({ where: { issueId: issue.id } });
    expect(rows.filter((row) => row.status === "sent")).toHaveLength(149);
    expect(rows.find((row) => row.id === leaving.id)).toMatchObject({ status: "skipped" });
    // The whole batch's rows have the ids Resend first gave them.
    const idByAddress = new Map(server.delivered.map((email) => [email.to, email.id]));
    const secondBatch = failed.filter((row) => row.batchKey !== leaving.batchKey);
    for (const row of secondBatch) expect(rows.find((r) => r.id === row.id)!.providerMessageId).toBe(idByAddress.get(row.subscriber!.email));
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sent" });
  });

  it("sends a batch claimed before keys were named for their batch under the key it was first sent with", async () => {
    server = await startFakeResend({ apiKey: API_KEY });
    const issue = await sendingIssue(3);
    // As an older worker left it: claimed under an unversioned batch key, its lease run out.
    const rows = await prisma.delivery.findMany({ where: { issueId: issue.id }, orderBy: { id: "asc" } });
    await prisma.delivery.updateMany({ where: { issueId: issue.id }, data: { status: "sending", batchKey: randomUUID(), leaseExpiresAt: new Date(Date.now() - 1000), attempts: 1 } });
    await drain(resendWorker(server.url));
    const oldKey = createHash("sha256").update([...rows.map((row) => row.id)].sort((a, b) => a.localeCompare(b)).join(",")).digest("hex");
    expect(server.requests.map((request) => request.idempotencyKey)).toEqual([oldKey]);
    expect(server.delivered).toHaveLength(3);
  });

  it("retries a row Resend refused in a new batch, under a new key: Resend's answer for its first batch said it was not sent", async () => {
    let refusing = true;
    server = await startFakeResend({ apiKey: API_KEY, refuseAddress: (to) => (refusing && to === "r2@resend.example.com" ? "Invalid `to` field." : null) });
    const issue = await sendingIssue(5);
    await drain(resendWorker(server.url));
    const refused = await prisma.delivery.findFirstOrThrow({ where: { issueId: issue.id, subscriber: { email: "r2@resend.example.com" } } });
    expect(refused).toMatchObject({ status: "failed", batchKey: null });

    refusing = false;
    expect(await retryFailed(prisma, { issueId: issue.id })).toEqual({ requeued: 1, maybeSent: 0 });
    await drain(resendWorker(server.url));
    // Under the first batch's key, Resend would have refused a changed repeat, and the row been recorded sent unsent.
    expect(server.requests.map((request) => request.status)).toEqual([200, 200]);
    expect(new Set(server.requests.map((request) => request.idempotencyKey)).size).toBe(2);
    expect(server.delivered.map((email) => email.to).sort()).toEqual(["r0", "r1", "r2", "r3", "r4"].map((name) => `${name}@resend.example.com`));
    expect(await prisma.delivery.findUniqueOrThrow({ where: { id: refused.id } })).toMatchObject({ status: "sent", providerMessageId: server.delivered.at(-1)!.id });
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sent" });
  });
});

describe("the rate limiter", () => {
  function fakeClock() {
    let now = 0;
    const slept: number[] = [];
    return { clock: { now: () => now, sleep: async (ms: number) => { slept.push(ms); now += ms; } }, slept, advance: (ms: number) => (now += ms) };
  }

  it("spaces requests at the configured rate", async () => {
    const { clock, slept } = fakeClock();
    const limiter = createRateLimiter(2, clock);
    for (let i = 0; i < 4; i++) await limiter.take();
    expect(slept).toEqual([525, 525, 525]);
  });

  it("holds every request back for a 429's retry-after", async () => {
    const { clock, slept } = fakeClock();
    const limiter = createRateLimiter(2, clock);
    await limiter.take();
    limiter.pause(3000);
    await limiter.take();
    await limiter.take();
    expect(slept).toEqual([3000, 525]);
  });
});
