import { Webhook } from "standardwebhooks";
import type { Database } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { tellOwnersOfDisabledEndpoints } from "./tell-owners-endpoint-disabled.ts";

/** The wait after each failed attempt (then ±20%): the first try and these eight retries span about 23 hours. */
export const WEBHOOK_RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000, 60 * 60_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000];
/** Attempts before a delivery is marked failed: the first and one after each delay. */
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_MS.length + 1;

/** The wait after the `n`th failure in a row (from 1), the last delay for any later one. */
export function retryDelayMs(n: number): number {
  return WEBHOOK_RETRY_DELAYS_MS[Math.min(Math.max(n, 1), WEBHOOK_RETRY_DELAYS_MS.length) - 1]!;
}

/**
 * An endpoint whose every post has failed for this long is disabled, and its owners mailed: by then the
 * receiver is gone or broken, not restarting, and probing it twice a day helps nobody. Svix and Stripe
 * do the same after a few days. What waits for it is kept for when an owner enables it again.
 */
export const WEBHOOK_DISABLE_AFTER_DAYS = 5;
/**
 * Failed rounds further apart than this are two streaks, not one: while an endpoint fails with events
 * queued, rounds come at most about 14 hours apart (the 12-hour step, +20%).
 */
export const WEBHOOK_STREAK_GAP_HOURS = 24;

/** A receiver has this long to answer; longer counts as a failure (its work belongs after the answer). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** A claimed delivery is not claimed again for this long, so a worker that dies mid-post leaves it to another. */
export const WEBHOOK_LEASE_MS = 60_000;

type Claimed = { id: string; endpointId: string; event: string; payload: unknown; createdAt: Date; attempts: number; url: string; secret: string; previousSecret: string | null; previousSecretUntil: Date | null; endpointFailures: number };

export type WebhookOutcome = { id: string; delivered: boolean; statusCode: number | null; error: string | null };

/**
 * Posts due deliveries (at most `limit`) to their endpoints, signed as Standard Webhooks specifies
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`), and records each answer: 2xx is delivered;
 * anything else, a redirect, a refused connection or a time-out is tried again later, up to
 * WEBHOOK_MAX_ATTEMPTS. At least once: a worker that dies between a receiver's 2xx and the record
 * leaves the delivery to be posted again, with the same `webhook-id` for the receiver to drop.
 * `ids` posts those deliveries only, due or not (the test event). Any worker may run it.
 */
export async function deliverDueWebhooks(
  prisma: Database,
  {
    limit = 10,
    now = new Date(),
    ids,
    fetchImpl = fetch,
    timeoutMs = WEBHOOK_TIMEOUT_MS,
  }: { limit?: number; now?: Date; ids?: string[]; fetchImpl?: typeof fetch; timeoutMs?: number } = {},
): Promise<WebhookOutcome[]> {
  const claimed = await claim(prisma, { limit, now, ids });
  const outcomes = await Promise.all(claimed.map((delivery) => post(delivery, { fetchImpl, timeoutMs })));
  await recordOutcomes(prisma, claimed, outcomes, now);
  // A test event or a Retry is an owner looking at the page: its failure pauses, but never disables.
  await recordEndpointHealth(prisma, claimed, outcomes, now, { mayDisable: !ids });
  if (!ids) await tellOwnersOfDisabledEndpoints(prisma, now);
  return outcomes;
}

/**
 * The round's answers in one statement: delivered, or the next attempt's time (the retry schedule, ±20%,
 * counted from the claim: a receiver's time-out is seconds beside the delays' minutes), or failed after
 * the last attempt. Each row only while this attempt is still its last: a worker whose lease ran out
 * meanwhile, and whose delivery another worker claimed again, records nothing.
 */
async function recordOutcomes(prisma: Database, claimed: Claimed[], outcomes: WebhookOutcome[], now: Date) {
  if (claimed.length === 0) return;
  const finishedAt = new Date();
  const rows = claimed.map((delivery, index) => {
    const outcome = outcomes[index]!;
    const delay = retryDelayMs(delivery.attempts);
    return {
      id: delivery.id,
      attempts: delivery.attempts,
      status: outcome.delivered ? "delivered" : delivery.attempts >= WEBHOOK_MAX_ATTEMPTS ? "failed" : "pending",
      nextAttemptAt: outcome.delivered ? now : new Date(now.getTime() + Math.round(delay * (0.8 + Math.random() * 0.4))),
      statusCode: outcome.statusCode,
      error: outcome.error?.slice(0, 500) ?? null,
    };
  });
  await prisma.$executeRaw`
    UPDATE "WebhookDelivery" d
    SET "status" = v."status"::"WebhookDeliveryStatus", "nextAttemptAt" = v."nextAttemptAt", "lastStatusCode" = v."statusCode", "lastError" = v."error",
        "deliveredAt" = CASE WHEN v."status" = 'delivered' THEN ${finishedAt}::timestamp(3) END
    FROM unnest(${rows.map((row) => row.id)}::text[], ${rows.map((row) => row.attempts)}::int[], ${rows.map((row) => row.status)}::text[],
                ${rows.map((row) => row.nextAttemptAt)}::timestamp(3)[], ${rows.map((row) => row.statusCode)}::int[], ${rows.map((row) => row.error)}::text[])
      AS v("id", "attempts", "status", "nextAttemptAt", "statusCode", "error")
    WHERE d."id" = v."id" AND d."attempts" = v."attempts" AND d."status" = 'pending'`;
}

/**
 * An endpoint whose posts in this round all failed is paused for the retry schedule's next step (by
 * rounds failed in a row), so a receiver that is down is probed now and then instead of every queued
 * event being tried and used up; any success ends that. Ten posts failing at once are one round.
 */
async function recordEndpointHealth(prisma: Database, claimed: Claimed[], outcomes: WebhookOutcome[], now: Date, { mayDisable }: { mayDisable: boolean }) {
  const delivered = new Map<string, boolean>();
  const wasFailing = new Set(claimed.filter((delivery) => delivery.endpointFailures > 0).map((delivery) => delivery.endpointId));
  claimed.forEach((delivery, index) => delivered.set(delivery.endpointId, (delivered.get(delivery.endpointId) ?? false) || outcomes[index]!.delivered));
  for (const [endpointId, anyDelivered] of delivered) {
    if (anyDelivered) {
      // Healthy and was healthy: nothing to write. Back after failing: the pause ends, and so do the waits of the
      // events tried while it was down, so its backlog goes now and in order, not each at its own later time.
      if (wasFailing.has(endpointId)) {
        await prisma.webhookEndpoint.updateMany({ where: { id: endpointId }, data: { consecutiveFailures: 0, failingSince: null, pausedUntil: null } });
        await releaseWebhookBacklog(prisma, endpointId, now);
      }
      continue;
    }
    // A streak is failures without a gap: after a day with no failed round (nothing was posted, so the receiver
    // may well have worked), this failure starts a new one rather than count the days since the old.
    const gapStart = new Date(now.getTime() - WEBHOOK_STREAK_GAP_HOURS * 3_600_000);
    const [row] = await prisma.$queryRaw<{ consecutiveFailures: number; failingSince: Date }[]>`
      UPDATE "WebhookEndpoint" SET
        "consecutiveFailures" = CASE WHEN "lastFailedAt" < ${gapStart} THEN 1 ELSE "consecutiveFailures" + 1 END,
        "failingSince" = CASE WHEN "failingSince" IS NULL OR "lastFailedAt" < ${gapStart} THEN ${now} ELSE "failingSince" END,
        "lastFailedAt" = ${now}
      WHERE "id" = ${endpointId} RETURNING "consecutiveFailures", "failingSince"`;
    if (!row) continue;
    if (mayDisable && now.getTime() - row.failingSince.getTime() >= WEBHOOK_DISABLE_AFTER_DAYS * 86_400_000) {
      // Only the worker that disables it makes the owners' mail due, and never for an endpoint an owner
      // disabled meanwhile; the mail goes below, or in a later round if this worker dies first.
      await prisma.webhookEndpoint.updateMany({
        where: { id: endpointId, disabledAt: null },
        data: { disabledAt: now, disabledAutomatically: true, pausedUntil: null, ownersNoticeDueAt: now },
      });
      continue;
    }
    const delay = retryDelayMs(row.consecutiveFailures);
    await prisma.webhookEndpoint.update({ where: { id: endpointId }, data: { pausedUntil: new Date(now.getTime() + delay) } });
  }
}

/**
 * Everything waiting for an endpoint is due now, each event's own later retry time dropped: it is back
 * (a probe succeeded, or an owner enabled it). Not an event a worker holds under its lease, being posted
 * this moment: released, a second worker would post it too.
 */
export async function releaseWebhookBacklog(prisma: Database | Prisma.TransactionClient, endpointId: string, now: Date): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "WebhookDelivery" SET "nextAttemptAt" = ${now}
    WHERE "endpointId" = ${endpointId} AND "status" = 'pending' AND "nextAttemptAt" > ${now}
      -- A claim sets both times from one moment, a lease apart; no retry delay (±20%) is ever exactly that.
      AND ("lastAttemptAt" IS NULL OR "nextAttemptAt" <> "lastAttemptAt" + ${WEBHOOK_LEASE_MS} * interval '1 millisecond')`;
}

async function claim(prisma: Database, { limit, now, ids }: { limit: number; now: Date; ids?: string[] }): Promise<Claimed[]> {
  const leaseUntil = new Date(now.getTime() + WEBHOOK_LEASE_MS);
  // A failing endpoint whose pause is over, with something due, gets one probe round, from one worker: this worker takes the
  // probe by moving the pause to its lease's end, and the row lock makes a second worker's UPDATE find the
  // pause not over. The round's outcome then sets the pause (failed) or clears it (back). A worker that dies
  // mid-probe leaves it to another when the lease ends.
  const probing = ids
    ? []
    : (
        await prisma.$queryRaw<{ id: string }[]>`
          UPDATE "WebhookEndpoint" SET "pausedUntil" = ${leaseUntil}
          WHERE "consecutiveFailures" > 0 AND "disabledAt" IS NULL AND ("pausedUntil" IS NULL OR "pausedUntil" <= ${now})
            AND EXISTS (SELECT 1 FROM "WebhookDelivery" w WHERE w."endpointId" = "WebhookEndpoint"."id" AND w."status" = 'pending' AND w."nextAttemptAt" <= ${now})
          RETURNING "id"`
      ).map((row) => row.id);
  // Only enabled endpoints' deliveries: healthy ones', and a failing one's only in the probe this worker took.
  // SKIP LOCKED: workers share the queue.
  return ids
    ? prisma.$queryRaw<Claimed[]>`
        UPDATE "WebhookDelivery" d SET "attempts" = d."attempts" + 1, "lastAttemptAt" = ${now}, "nextAttemptAt" = ${leaseUntil}
        FROM "WebhookEndpoint" e
        WHERE e."id" = d."endpointId" AND d."id" IN (
          SELECT w."id" FROM "WebhookDelivery" w WHERE w."id" = ANY(${ids}::text[]) AND w."status" = 'pending' FOR UPDATE SKIP LOCKED)
        RETURNING d."id", d."endpointId", d."event", d."payload", d."createdAt", d."attempts", e."url", e."secret", e."previousSecret", e."previousSecretUntil", e."consecutiveFailures" AS "endpointFailures"`
    : // Endpoint by endpoint (the few enabled and not paused), each through its own part of the
      // ("endpointId", "status", "nextAttemptAt") index: the backlog of a paused or disabled endpoint is
      // never read, however large. Then the most overdue of those.
      prisma.$queryRaw<Claimed[]>`
        UPDATE "WebhookDelivery" d SET "attempts" = d."attempts" + 1, "lastAttemptAt" = ${now}, "nextAttemptAt" = ${leaseUntil}
        FROM "WebhookEndpoint" e
        WHERE e."id" = d."endpointId" AND d."id" IN (
          SELECT due."id" FROM "WebhookEndpoint" we
          CROSS JOIN LATERAL (
            SELECT w."id", w."nextAttemptAt" FROM "WebhookDelivery" w
            WHERE w."endpointId" = we."id" AND w."status" = 'pending' AND w."nextAttemptAt" <= ${now}
            ORDER BY w."nextAttemptAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED) due
          WHERE we."disabledAt" IS NULL AND (we."consecutiveFailures" = 0 OR we."id" = ANY(${probing}::text[]))
          ORDER BY due."nextAttemptAt" LIMIT ${limit})
        RETURNING d."id", d."endpointId", d."event", d."payload", d."createdAt", d."attempts", e."url", e."secret", e."previousSecret", e."previousSecretUntil", e."consecutiveFailures" AS "endpointFailures"`;
}

async function post(delivery: Claimed, { fetchImpl, timeoutMs }: { fetchImpl: typeof fetch; timeoutMs: number }): Promise<WebhookOutcome> {
  const body = JSON.stringify(webhookBody(delivery));
  // Signed at each attempt: receivers refuse a timestamp more than a few minutes old, and a retry may come hours later.
  const sentAt = new Date();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetchImpl(delivery.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Weekly-Webhooks/1",
        "webhook-id": delivery.id,
        "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
        "webhook-signature": signatures(delivery, sentAt, body),
      },
      body,
      // A redirect is the receiver's mistake, and following it would post the readers' data somewhere not chosen.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    statusCode = response.status;
    // The answer's body is not read: a receiver's page of HTML is no use here.
    await response.body?.cancel().catch(() => undefined);
    if (statusCode < 200 || statusCode >= 300) error = `answered ${statusCode}${response.statusText ? ` ${response.statusText}` : ""}`;
  } catch (caught) {
    error = describeFailure(caught, timeoutMs);
  }
  return { id: delivery.id, delivered: error === null, statusCode, error };
}

/** What is posted for a delivery: Standard Webhooks' `{ type, timestamp, data }`, the time being the event's. */
export function webhookBody(delivery: { event: string; createdAt: Date; payload: unknown }) {
  return { type: delivery.event, timestamp: delivery.createdAt.toISOString(), data: delivery.payload };
}

/** By the secret, and by the one a rotation replaced while it is still honoured: receivers accept any one that verifies. */
function signatures(delivery: Claimed, sentAt: Date, body: string): string {
  const secrets = [delivery.secret, ...(delivery.previousSecret && delivery.previousSecretUntil && delivery.previousSecretUntil > sentAt ? [delivery.previousSecret] : [])];
  return secrets.map((secret) => new Webhook(secret).sign(delivery.id, sentAt, body)).join(" ");
}

function describeFailure(caught: unknown, timeoutMs: number): string {
  if (caught instanceof Error && (caught.name === "TimeoutError" || caught.name === "AbortError")) return `no answer within ${timeoutMs / 1000} s`;
  const cause = caught instanceof Error && caught.cause instanceof Error ? caught.cause : caught;
  const code = typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : null;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "no such host";
  return caught instanceof Error ? (cause instanceof Error ? cause.message : caught.message) : String(caught);
}
