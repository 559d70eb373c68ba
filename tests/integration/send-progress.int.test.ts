import { beforeEach, describe, expect, it } from "vitest";
import { getSendProgress } from "@/lib/delivery/get-send-progress";
import { startSend } from "@/lib/delivery/start-send";
import { sendTestEmail } from "@/lib/issues/send-test-email";
import { resetDatabase, testDb } from "../helpers/db";
import { createSendableIssue, createUser } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

describe("the Send tab's live progress", () => {
  it("counts each status, measures the last minute's rate, and estimates the rest", async () => {
    const { issue } = await createSendableIssue(prisma, { recipients: 10 });
    await startSend(prisma, { issueId: issue.id });
    const now = new Date();
    const rows = await prisma.delivery.findMany({ orderBy: { id: "asc" } });
    // 6 sent within the last minute, 1 failed, 3 still queued.
    for (const row of rows.slice(0, 6)) await prisma.delivery.update({ where: { id: row.id }, data: { status: "sent", sentAt: new Date(now.getTime() - 30_000) } });
    await prisma.delivery.update({ where: { id: rows[6]!.id }, data: { status: "failed", lastError: "550 no such user" } });
    const progress = await getSendProgress(prisma, issue.id, now);
    expect(progress).toMatchObject({ status: "sending", total: 10, sent: 6, failed: 1, queued: 3, sending: 0, ratePerSecond: 0.1, etaSeconds: 30 });
  });

  it("counts, once the send ended with failures, the failed rows the provider may hold, and since when", async () => {
    const { issue } = await createSendableIssue(prisma, { recipients: 4 });
    await startSend(prisma, { issueId: issue.id });
    const rows = await prisma.delivery.findMany({ orderBy: { id: "asc" } });
    const failedAt = new Date("2026-12-01T08:00:00Z");
    // Two in a batch whose answers were lost (they keep its key), one refused for certain, one sent.
    for (const row of rows.slice(0, 2)) await prisma.delivery.update({ where: { id: row.id }, data: { status: "failed", batchKey: "v2-lost", lastError: "gave up after 5 attempts: no response", updatedAt: failedAt } });
    await prisma.delivery.update({ where: { id: rows[2]!.id }, data: { status: "failed", batchKey: null, lastError: "Resend refused this address" } });
    await prisma.delivery.update({ where: { id: rows[3]!.id }, data: { status: "sent", sentAt: new Date() } });
    expect((await getSendProgress(prisma, issue.id))?.maybeSent).toEqual({ count: 0, since: null, keysForgotten: false });
    await prisma.issue.update({ where: { id: issue.id }, data: { status: "partially_failed", sentAt: new Date() } });
    const hoursLater = (hours: number) => new Date(failedAt.getTime() + hours * 3_600_000);
    expect((await getSendProgress(prisma, issue.id, hoursLater(23)))?.maybeSent).toEqual({ count: 2, since: failedAt.toISOString(), keysForgotten: false });
    // Resend forgets an idempotency key after a day: a retry then may deliver them twice, and the tab says so.
    expect((await getSendProgress(prisma, issue.id, hoursLater(25)))?.maybeSent).toMatchObject({ count: 2, keysForgotten: true });
  });

  it("says nothing is moving rather than inventing an ETA", async () => {
    const { issue } = await createSendableIssue(prisma, { recipients: 2 });
    await startSend(prisma, { issueId: issue.id });
    expect(await getSendProgress(prisma, issue.id)).toMatchObject({ queued: 2, ratePerSecond: 0, etaSeconds: null });
    expect(await getSendProgress(prisma, "missing")).toBeNull();
  });
});

describe("a test send", () => {
  it("goes to the signed-in member only, marked [TEST], and stays out of the ledger", async () => {
    const { issue } = await createSendableIssue(prisma, { recipients: 3 });
    const editor = await createUser(prisma, { role: "editor", email: "me@team.example.com", name: "Me" });
    expect(await sendTestEmail(prisma, editor, { issueId: issue.id })).toEqual({ ok: true, to: "me@team.example.com" });
    const mail = await prisma.outboxMessage.findMany();
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ toAddress: "me@team.example.com", deliveryId: null });
    expect(mail[0]!.subject).toMatch(/^\[TEST\] /);
    expect(await prisma.delivery.count()).toBe(0);
    expect((await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).status).toBe("draft");
  });
});
