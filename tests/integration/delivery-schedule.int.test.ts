import { beforeEach, describe, expect, it, vi } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { commands } from "@/lib/commands";
import { retryFailed } from "@/lib/delivery/retry-failed";
import { cancelSchedule, cancelSend, scheduleIssue } from "@/lib/delivery/schedule-issue";
import { startDueSends } from "@/lib/delivery/start-due-sends";
import { startSend } from "@/lib/delivery/start-send";
import type { Transport } from "@/lib/delivery/transport";
import { createOutboxTransport } from "@/lib/delivery/transports/outbox";
import { createWorker } from "@/lib/delivery/worker";
import { resetDatabase, testDb } from "../helpers/db";
import { createSendableIssue } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

async function readyIssue(recipients: number) {
  return (await createSendableIssue(prisma, { recipients, address: (n) => `s${n}@sched.example.com` })).issue;
}

const worker = (transport?: Transport) =>
  createWorker({ prisma, transport: transport ?? createOutboxTransport(prisma), appUrl: "https://news.example.com", secret: "schedule-test-secret-long-enough-0123456789" });

async function drain(w: ReturnType<typeof worker>) {
  while ((await w.processNext()) === "worked");
}

const statusOf = async (id: string) => (await prisma.issue.findUniqueOrThrow({ where: { id } })).status;

describe("scheduling", () => {
  it("starts a due issue exactly once, even with several workers looking at once", async () => {
    const issue = await readyIssue(120);
    expect(await scheduleIssue(prisma, { issueId: issue.id, at: new Date(Date.now() + 1000) })).toMatchObject({ scheduled: true });
    // A second schedule moves the time; it cannot make a second send.
    expect(await scheduleIssue(prisma, { issueId: issue.id, at: new Date(Date.now() + 500) })).toMatchObject({ scheduled: true });
    await prisma.issue.update({ where: { id: issue.id }, data: { scheduledAt: new Date(Date.now() - 1000) } });
    await Promise.all([drain(worker()), drain(worker()), drain(worker())]);
    expect(await prisma.delivery.count()).toBe(120);
    expect(await prisma.outboxMessage.count()).toBe(120);
    expect(await statusOf(issue.id)).toBe("sent");
  });

  it("does not start an issue before its time, and a canceled schedule never starts", async () => {
    const later = await readyIssue(2);
    await scheduleIssue(prisma, { issueId: later.id, at: new Date(Date.now() + 3_600_000) });
    expect(await worker().processNext()).toBe("idle");
    expect(await statusOf(later.id)).toBe("scheduled");
    expect(await cancelSchedule(prisma, { issueId: later.id })).toBe(true);
    expect(await cancelSchedule(prisma, { issueId: later.id })).toBe(false);
    expect(await statusOf(later.id)).toBe("draft");
  });

  it("does not start a schedule canceled or moved after the scheduler listed it as due", async () => {
    const [canceled, moved, kept] = [await readyIssue(2), await readyIssue(2), await readyIssue(2)];
    for (const issue of [canceled, moved, kept]) await scheduleIssue(prisma, { issueId: issue.id, at: new Date(Date.now() + 1000) });
    await prisma.issue.updateMany({ data: { scheduledAt: new Date(Date.now() - 1000) } });
    // The editors act between the scheduler's read of the due issues and its starts.
    const findMany = prisma.issue.findMany.bind(prisma.issue);
    const listThenEdit = async (args: Parameters<typeof findMany>[0]) => {
      const due = await findMany(args);
      expect(await cancelSchedule(prisma, { issueId: canceled.id })).toBe(true);
      expect(await scheduleIssue(prisma, { issueId: moved.id, at: new Date(Date.now() + 86_400_000) })).toMatchObject({ scheduled: true });
      return due;
    };
    const spy = vi.spyOn(prisma.issue, "findMany").mockImplementationOnce(listThenEdit as unknown as typeof findMany);
    const started = await startDueSends(prisma);
    spy.mockRestore();
    expect(started.map(({ issueId, result }) => [issueId, result.started])).toEqual(
      expect.arrayContaining([[canceled.id, false], [moved.id, false], [kept.id, true]]),
    );
    expect(await statusOf(canceled.id)).toBe("draft");
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: moved.id } })).toMatchObject({ status: "scheduled", scheduledAt: expect.any(Date) });
    expect((await prisma.issue.findUniqueOrThrow({ where: { id: moved.id } })).scheduledAt!.getTime()).toBeGreaterThan(Date.now() + 3_600_000);
    expect(await prisma.delivery.groupBy({ by: ["issueId"], _count: { _all: true } })).toEqual([{ issueId: kept.id, _count: { _all: 2 } }]);
  });

  it("sends or schedules only the version the member reviewed, even when a save lands during the checks", async () => {
    const issue = await readyIssue(2);
    const owner = { id: "owner", role: "owner" as const, email: "owner@example.com", name: null };
    const reviewed = (await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).version;
    const bump = () => prisma.issue.update({ where: { id: issue.id }, data: { version: { increment: 1 }, title: "Edited by a co-editor" } });
    const stale = { reason: "stale", message: expect.stringContaining("Someone saved this issue") };

    // A co-editor's save lands after the checks, just before the UPDATE that starts the send.
    const transaction = prisma.$transaction.bind(prisma);
    const saveFirst = (async (...args: Parameters<typeof transaction>) => (await bump(), transaction(...args))) as unknown as typeof transaction;
    vi.spyOn(prisma, "$transaction").mockImplementationOnce(saveFirst);
    expect(await commands.sendNow(prisma, owner, { issueId: issue.id, expectedVersion: reviewed })).toEqual({ started: false, ...stale });
    expect(await prisma.delivery.count()).toBe(0);

    // The same for a schedule, and for a version already older than the stored one.
    const execute = prisma.$executeRaw.bind(prisma);
    const saveBeforeUpdate = (async (...args: Parameters<typeof execute>) => (await bump(), execute(...args))) as unknown as typeof execute;
    const current = (await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).version;
    vi.spyOn(prisma, "$executeRaw").mockImplementationOnce(saveBeforeUpdate);
    expect(await commands.scheduleIssue(prisma, owner, { issueId: issue.id, expectedVersion: current, at: new Date(Date.now() + 3_600_000) })).toEqual({ scheduled: false, ...stale });
    expect(await commands.sendNow(prisma, owner, { issueId: issue.id, expectedVersion: current })).toEqual({ started: false, ...stale });
    expect(await statusOf(issue.id)).toBe("draft");
    vi.restoreAllMocks();

    const latest = (await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).version;
    expect(await commands.sendNow(prisma, owner, { issueId: issue.id, expectedVersion: latest })).toMatchObject({ started: true, recipients: 2 });
  });

  it("dates an issue sent now, ahead of its schedule, now: not the week it was planned for", async () => {
    const issue = await readyIssue(1);
    const nextWeek = new Date(Date.now() + 7 * 86_400_000);
    await scheduleIssue(prisma, { issueId: issue.id, at: nextWeek });
    const now = new Date();
    expect(await startSend(prisma, { issueId: issue.id, now })).toMatchObject({ started: true, recipients: 1 });
    // The email's date and the base of its links' expiry.
    expect((await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).scheduledAt).toEqual(now);
  });

  it("refuses a time in the past, and content that fails its checks", async () => {
    const issue = await readyIssue(1);
    expect(await scheduleIssue(prisma, { issueId: issue.id, at: new Date(Date.now() - 3_600_000) })).toEqual({ scheduled: false, reason: "in-the-past" });
    await prisma.block.updateMany({ where: { issueId: issue.id, type: "intro" }, data: { data: { text: "" } } });
    expect(await scheduleIssue(prisma, { issueId: issue.id, at: new Date(Date.now() + 60_000) })).toMatchObject({ scheduled: false, reason: "checks-failed" });
  });

  it("puts a due issue whose content broke since scheduling back to draft, sending nothing", async () => {
    const issue = await readyIssue(2);
    await scheduleIssue(prisma, { issueId: issue.id, at: new Date(Date.now() + 60_000) });
    await prisma.block.updateMany({ where: { issueId: issue.id, type: "intro" }, data: { data: { text: "" } } });
    await prisma.issue.update({ where: { id: issue.id }, data: { scheduledAt: new Date(Date.now() - 1000) } });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await worker().processNext()).toBe("idle");
    expect(errors.mock.calls[0]?.[0]).toContain("Block 1 (Intro) › text: is empty");
    errors.mockRestore();
    expect(await statusOf(issue.id)).toBe("draft");
    expect(await prisma.delivery.count()).toBe(0);
  });
});

describe("retry failed and cancel", () => {
  it("re-sends only the failed rows, and only to subscribers still active", async () => {
    const issue = await readyIssue(6);
    await startSend(prisma, { issueId: issue.id });
    const outbox = createOutboxTransport(prisma);
    let refuse = new Set(["s1@sched.example.com", "s2@sched.example.com"]);
    const flaky: Transport = {
      name: "outbox",
      async sendBatch(messages, options) {
        const accepted = await outbox.sendBatch(messages.filter((m) => !refuse.has(m.to)), options);
        let next = 0;
        return messages.map((m) => (refuse.has(m.to) ? { ok: false as const, error: "452 mailbox full", retryable: false } : accepted[next++]!));
      },
    };
    await drain(worker(flaky));
    expect(await statusOf(issue.id)).toBe("partially_failed");
    expect(await prisma.outboxMessage.count()).toBe(4);

    await prisma.subscriber.updateMany({ where: { email: "s2@sched.example.com" }, data: { status: "unsubscribed" } });
    refuse = new Set();
    expect(await retryFailed(prisma, { issueId: issue.id })).toEqual({ requeued: 1, maybeSent: 0 });
    expect(await retryFailed(prisma, { issueId: issue.id })).toEqual({ requeued: 0, reason: "not-partially-failed", status: "sending" });
    await drain(worker(flaky));
    const messages = await prisma.outboxMessage.findMany({ select: { toAddress: true } });
    expect(messages.map((m) => m.toAddress).sort()).toEqual(["s0", "s1", "s3", "s4", "s5"].map((s) => `${s}@sched.example.com`));
    expect(await prisma.delivery.findFirst({ where: { subscriber: { email: "s2@sched.example.com" } } })).toMatchObject({ status: "skipped" });
    expect(await statusOf(issue.id)).toBe("sent");
  });

  it("keeps, once migrated, the batch key of rows failed before the rule only where the provider may hold their batch", async () => {
    const issue = await readyIssue(8);
    await startSend(prisma, { issueId: issue.id });
    const rows = await prisma.delivery.findMany({ where: { issueId: issue.id }, include: { subscriber: true }, orderBy: { subscriber: { email: "asc" } } });
    const set = (index: number, status: "sent" | "failed", batchKey: string, lastError: string | null) =>
      prisma.delivery.update({ where: { id: rows[index]!.id }, data: { status, batchKey, lastError, sentAt: status === "sent" ? new Date() : null } });
    // Batch x: one refused by address, beside one sent. Batch y: failed whole, every answer lost.
    // Batch z: one SMTP 4xx tried until given up, beside one sent. Batch w: a canceled send's stopped worker.
    await set(0, "sent", "x", null);
    await set(1, "failed", "x", "Resend refused this address: Invalid `to` field.");
    await set(2, "failed", "y", "gave up after 5 attempts: no response: fetch failed (after 7 tries)");
    await set(3, "failed", "y", "gave up after 5 attempts: no response: fetch failed (after 7 tries)");
    await set(4, "sent", "z", null);
    await set(5, "failed", "z", "gave up after 5 attempts: 452 mailbox full");
    await set(6, "failed", "w", "not known whether sent: the send was canceled before this batch's outcome was known");
    await set(7, "failed", "v", "Resend answered 99 ids and 0 errors for 100 emails");
    const migrations = path.join(process.cwd(), "prisma/migrations");
    const migration = readFileSync(path.join(migrations, readdirSync(migrations).find((name) => name.endsWith("_failed_delivery_leaves_batch_unless_maybe_sent"))!, "migration.sql"), "utf8");
    await prisma.$executeRawUnsafe(migration);
    const after = await prisma.delivery.findMany({ where: { id: { in: rows.map((row) => row.id) } } });
    expect(rows.map((row) => after.find((a) => a.id === row.id)!.batchKey)).toEqual(["x", null, "y", "y", "z", null, "w", "v"]);
  });

  it("stops claiming when a send is canceled, and says so", async () => {
    const issue = await readyIssue(250);
    await startSend(prisma, { issueId: issue.id });
    const w = worker();
    expect(await w.processNext()).toBe("worked");
    expect(await cancelSend(prisma, { issueId: issue.id })).toBe(true);
    expect(await cancelSend(prisma, { issueId: issue.id })).toBe(false);
    await drain(w);
    expect(await prisma.outboxMessage.count()).toBe(100);
    expect(await prisma.delivery.count({ where: { status: "queued" } })).toBe(150);
    expect(await statusOf(issue.id)).toBe("canceled");
  });
});
