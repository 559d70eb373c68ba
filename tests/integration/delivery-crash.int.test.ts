import { spawn, type ChildProcess } from "node:child_process";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { startSend } from "@/lib/delivery/start-send";
import { resetDatabase, testDb } from "../helpers/db";
import { createSendableIssue } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

// Each kill lands after a worker has sent 300 to 450 (it has several batches in flight): ten kills leave a third for the survivor.
const RECIPIENTS = 6000;
const KILLS = 10;

function startWorker(): ChildProcess {
  // node itself with the tsx loader, not the tsx CLI: the CLI runs the script in a child process, which SIGKILL would orphan.
  return spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: inject("databaseUrl"),
      // Short leases so the batches of killed workers come back quickly.
      WORKER_LEASE_MS: "1500",
      // Ten kills in a row may land on one reclaimed batch again and again; after five such deaths a worker
      // gives a batch up (tested in delivery.int.test.ts), which is not what this test is about.
      WORKER_MAX_ATTEMPTS: "50",
      WORKER_IDLE_MS: "100",
      AUTH_SECRET: "crash-test-secret-that-is-long-enough-0123",
    },
    // Its errors show in the test output; an unread pipe could fill and stall it.
    stdio: ["ignore", "ignore", "inherit"],
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

/**
 * Server Postgres only (CI runs the integration tier on both). PGlite is one
 * session shared by every socket connection: a client killed in the middle of
 * the extended query protocol leaves that session's unnamed statement gone for
 * everyone else ("unnamed prepared statement does not exist"), which says
 * nothing about the send engine.
 */
describe.runIf(inject("databaseKind") === "server")("a send worker killed with SIGKILL at random moments", () => {
  it("still delivers every recipient exactly once after restarts", async () => {
    const { issue } = await createSendableIssue(prisma, { recipients: RECIPIENTS, address: (n) => `crash${n}@list.example.com` });
    expect(await startSend(prisma, { issueId: issue.id })).toEqual({ started: true, recipients: RECIPIENTS });

    const progress: number[] = [];
    for (let trial = 0; trial < KILLS; trial++) {
      const before = await prisma.outboxMessage.count();
      const worker = startWorker();
      // Kill it at a random moment once it is sending: between batches, mid-batch, mid-record.
      const deadline = Date.now() + 15_000;
      while ((await prisma.outboxMessage.count()) === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      // Within 50 ms of its first email: a faster machine sends more in that time, and the ten kills must still
      // leave work for the survivor (at 150 ms and 4,000 recipients, one CI machine had sent them all by the tenth kill).
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50));
      worker.kill("SIGKILL");
      await exited(worker);
      progress.push(await prisma.outboxMessage.count());
    }
    expect(progress.at(-1)).toBeLessThan(RECIPIENTS);

    const survivor = startWorker();
    while ((await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).status === "sending") {
      if (survivor.exitCode !== null) throw new Error(`the worker exited with code ${survivor.exitCode} (its stderr is above)`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    survivor.kill("SIGTERM");
    await exited(survivor);

    const messages = await prisma.outboxMessage.findMany({ select: { deliveryId: true, toAddress: true } });
    expect(messages).toHaveLength(RECIPIENTS);
    expect(new Set(messages.map((message) => message.toAddress)).size).toBe(RECIPIENTS);
    expect(await prisma.delivery.count({ where: { issueId: issue.id, status: "sent" } })).toBe(RECIPIENTS);
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sent" });
    // Some of the kills landed mid-send, with work already done and work left.
    expect(progress.some((count) => count > 0 && count < RECIPIENTS)).toBe(true);
    console.log(`outbox after each kill: ${progress.join(", ")}; reclaimed attempts: ${await prisma.delivery.count({ where: { attempts: { gt: 1 } } })}`);
  }, 180_000);
});
