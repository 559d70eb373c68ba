import type { Database } from "../db/client";
import { buildMessages, renderOncePerVersion, type ComposeEmail, type PrepareEmail, type Sender } from "./build-messages.ts";
import { claimBatch } from "./claim-batch.ts";
import { holdLease } from "./hold-lease.ts";
import { pruneExpired, PRUNE_INTERVAL_MS } from "../maintenance/prune-expired.ts";
import { runQueuedImport } from "../audience/import/run-import.ts";
import { finalizeIssue } from "./finalize-issue.ts";
import { loadValidIssueView } from "./load-issue-view.ts";
import { recordResults } from "./record-results.ts";
import { startDueSends } from "./start-due-sends.ts";
import { deliverDueWebhooks } from "../webhooks/deliver-webhooks.ts";
import { MAX_BATCH, type SendResult, type Transport } from "./transport.ts";

/** How often a busy worker looks for batches whose lease ran out before claiming queued rows. */
const RECLAIM_CHECK_MS = 1000;

export type WorkerOptions = {
  prisma: Database;
  transport: Transport;
  appUrl: string;
  secret: string;
  /** How long a claimed batch stays this worker's before another may reclaim it. */
  leaseMs?: number;
  maxAttempts?: number;
  /** How long a batch that failed whole waits before it is tried again, whole (RETRY_WAIT_MS in record-results.ts). */
  retryWaitMs?: number;
  batchSize?: number;
  /**
   * How each issue version's emails are made: rendered once, then personalised by concatenation
   * (the default). The send benchmark passes react-email rendered per recipient, its baseline.
   */
  prepareEmail?: PrepareEmail;
  /** Called once an issue is published (sent, or partly): the web app's cached pages must go. */
  onPublished?: (issueId: string) => Promise<unknown>;
};

/**
 * The send loop: claim a batch, render its issue (once per issue version),
 * personalise, send with the batch's idempotency key, record, and end the
 * send when nothing is left. Any number of workers may run against one
 * database; claims never overlap.
 */
export function createWorker(options: WorkerOptions) {
  const { prisma, transport } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const prepareEmail = options.prepareEmail ?? renderOncePerVersion;
  const renders = new Map<string, Promise<{ compose: ComposeEmail; sender: Sender; signedAt: number }>>();

  function prepareOnce(issueId: string, version: number) {
    const key = `${issueId}@${version}`;
    let entry = renders.get(key);
    if (!entry) {
      entry = (async () => {
        const found = await loadValidIssueView(prisma, issueId);
        if (!found) throw new Error(`Issue ${issueId} disappeared during its send.`);
        const { senderName, senderEmail, replyTo } = found.publication;
        // Every message of a send must come out byte for byte the same however often it is rebuilt
        // (a reclaimed batch reuses its idempotency key), so links are signed as of the send's start.
        const signedAt = (found.issue.scheduledAt ?? found.issue.updatedAt).getTime();
        return { compose: await prepareEmail(found.view), sender: { senderName, senderEmail, replyTo }, signedAt };
      })();
      entry.catch(() => renders.delete(key));
      renders.set(key, entry);
    }
    return entry;
  }

  const batchSize = Math.min(options.batchSize ?? MAX_BATCH, MAX_BATCH);
  // Where this worker's last claim ended, shared by its concurrent loops: the next claim starts
  // its index scan there instead of stepping over every row already claimed (see claimBatch).
  let resumeAfter: { issueId: string; id: string } | undefined;
  // Expired leases are looked for before queued rows once a second (and whenever nothing is queued),
  // not before every claim: a dead worker's batch comes back at most a second after its lease ends.
  let nextReclaimCheck = 0;
  // Housekeeping on idle ticks: expired rate-limit windows and sign-in links (lib/maintenance/prune-expired.ts).
  let nextPrune = 0;
  let importing = false;
  // Loops of `run` with nothing to do: one of them (`looker`) looks for work every idleMs, the others
  // wait until it finds some. An idle worker then asks the database once per tick, not once per
  // loop. A look is about five queries (claim, sends to end, an import, scheduled sends); with four
  // loops each looking, an idle worker and the embedded database it polled used about 10% of a core.
  let looker: object | null = null;
  let waiting: (() => void)[] = [];
  function wakeAll() {
    const woken = waiting;
    waiting = [];
    for (const wake of woken) wake();
  }

  /** One batch, or "idle" when there is nothing to claim. */
  async function processNext(): Promise<"worked" | "idle"> {
    const reclaimFirst = Date.now() >= nextReclaimCheck;
    if (reclaimFirst) nextReclaimCheck = Date.now() + RECLAIM_CHECK_MS;
    const batch = await claimBatch(prisma, { leaseMs, size: batchSize, after: resumeAfter, reclaimFirst, maxAttempts });
    if (batch?.resumeAfter) resumeAfter = batch.resumeAfter;
    if (!batch) {
      resumeAfter = undefined;
      // A send with no recipients, or whose last batch was full or recorded by another worker, ends here.
      await finalizeSendingIssues();
      if (Date.now() >= nextPrune) {
        nextPrune = Date.now() + PRUNE_INTERVAL_MS;
        await pruneExpired(prisma);
      }
      // CSV imports are background jobs too: an idle loop takes one and runs it to the end. One at a
      // time per worker, so its other loops keep claiming batches and starting scheduled sends meanwhile.
      if (!importing) {
        importing = true;
        try {
          // An import runs for minutes: the other loops must not wait for it to find work for them.
          const handOver = () => {
            looker = null;
            wakeAll();
          };
          if (await runQueuedImport(prisma, { appUrl: options.appUrl, secret: options.secret }, { onClaimed: handOver })) return "worked";
        } finally {
          importing = false;
        }
      }
      const started = await startDueSends(prisma);
      return started.some(({ result }) => result.started) ? "worked" : "idle";
    }
    // Work has come: loops waiting for some (see run) claim their own batches while this one sends.
    wakeAll();
    // Held from the claim to the record: a first render of a large issue takes its time too.
    const lease = holdLease(prisma, batch, leaseMs);
    let messages: Awaited<ReturnType<typeof buildMessages>>;
    let results: SendResult[];
    // Whether the batch was still surely this worker's when its sending ended (lib/delivery/hold-lease.ts).
    let stillHeld = true;
    try {
      // The claim read the issue's version and each subscriber's address with the rows: no query here.
      const { compose, sender, signedAt } = await prepareOnce(batch.issueId, batch.issueVersion);
      const recipients = batch.deliveries.flatMap((delivery) =>
        delivery.email !== null ? [{ deliveryId: delivery.id, subscriberId: delivery.subscriberId, email: delivery.email, name: delivery.name }] : [],
      );
      messages = await buildMessages({ compose, sender, recipients, appUrl: options.appUrl, secret: options.secret, tags: { issue: batch.issueId }, now: signedAt });
      try {
        results = await transport.sendBatch(messages, { idempotencyKey: batch.idempotencyKey, leaseHeld: lease.holds });
      } catch (error) {
        results = messages.map(() => ({ ok: false, error: error instanceof Error ? error.message : String(error), retryable: true }));
      }
      stillHeld = lease.holds();
    } finally {
      await lease.release();
    }
    // A subscriber deleted since the snapshot has no message; their row fails with the reason.
    const resultByDelivery = new Map(messages.map((message, index) => [message.deliveryId, results[index]]));
    const aligned = batch.deliveries.map(
      (delivery): SendResult => resultByDelivery.get(delivery.id) ?? { ok: false, error: "the subscriber was deleted during the send", retryable: false, unattempted: true },
    );
    await recordResults(prisma, batch, aligned, { maxAttempts, retryWaitMs: options.retryWaitMs, lostBatch: !stillHeld });
    // A short batch is usually a send's last: end the send now if it is. After a full one, more rows
    // are usually queued, and the check would cost a query per batch for nothing: if it was the last,
    // the next claim finds nothing, and the idle path above ends the send.
    if (batch.deliveries.length < batchSize) await finalize(batch.issueId);
    return "worked";
  }

  async function finalizeSendingIssues() {
    const sending = await prisma.issue.findMany({ where: { status: "sending" }, select: { id: true } });
    for (const { id } of sending) await finalize(id);
  }

  async function finalize(issueId: string) {
    if (await finalizeIssue(prisma, issueId)) await options.onPublished?.(issueId);
  }

  /**
   * Works until `signal` aborts, sleeping `idleMs` when there is nothing to do.
   * `concurrency` batches are in flight at once, so one batch's database work
   * overlaps another's provider call; claims never overlap (SKIP LOCKED) and
   * the transport's rate limiter is shared.
   */
  async function run({
    signal,
    idleMs = 1000,
    concurrency = 1,
    pause = sleep,
  }: {
    signal: AbortSignal;
    idleMs?: number;
    concurrency?: number;
    /** How a loop waits `idleMs` (or until `signal` aborts); a test passes one it controls. */
    pause?: (ms: number, signal: AbortSignal) => Promise<void>;
  }) {
    signal.addEventListener("abort", wakeAll, { once: true });
    const loop = async () => {
      while (!signal.aborted) {
        try {
          if ((await processNext()) === "worked") {
            wakeAll();
            continue;
          }
          if (looker) {
            // Stopped while it looked: the stop woke those waiting then, and would not wake this one.
            if (!signal.aborted) await new Promise<void>((resolve) => waiting.push(resolve));
            continue;
          }
          const me = {};
          looker = me;
          try {
            do await pause(idleMs, signal);
            while (!signal.aborted && looker === me && (await processNext()) === "idle");
          } finally {
            if (looker === me) looker = null;
          }
          wakeAll();
        } catch (error) {
          // A lost database connection, or a deadlock with a worker reclaiming the same batch, ends
          // this attempt only: its rows stay leased, come back when the lease ends, and are resent
          // under the same idempotency key.
          console.error(`Send worker: a batch failed and will be retried: ${error instanceof Error ? error.message : String(error)}`);
          await pause(idleMs, signal);
        }
      }
    };
    // Webhooks (lib/webhooks/) have a loop of their own, beside the send loops rather than in their idle
    // turns: a reader's unsubscribe or bounce during a long send reaches the CRM then, not after the send,
    // and a receiver taking its 10 s holds up no batch. Idle, it asks once every idleMs.
    const webhookLoop = async () => {
      while (!signal.aborted) {
        try {
          if ((await deliverDueWebhooks(prisma)).length > 0) continue;
        } catch (error) {
          console.error(`Send worker: webhooks could not be posted, and will be tried again: ${error instanceof Error ? error.message : String(error)}`);
        }
        await sleep(idleMs, signal);
      }
    };
    await Promise.all([...Array.from({ length: Math.max(1, concurrency) }, loop), webhookLoop()]);
    // A send whose last batch was full is ended by the next claim, which finds nothing (see
    // processNext); a worker stopped in between ends it on its way out.
    await finalizeSendingIssues().catch((error: unknown) => {
      console.error(`Send worker: could not end finished sends on stopping: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  return { processNext, run };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    // The listener goes when the timer fires; idle ticks would otherwise pile them up on one signal.
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
