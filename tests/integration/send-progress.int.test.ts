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
