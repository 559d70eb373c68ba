import { createHash, randomUUID } from "node:crypto";
import type { Database } from "../db/client";
import { Prisma } from "../db/generated/client";
import { MAX_BATCH } from "./transport.ts";

/**
 * Begins every batch key claimed since idempotency keys are named for their batch (claimBatch's toBatch).
 * Batches claimed earlier, still in flight or failed with an unknown outcome, keep their old key.
 */
export const BATCH_KEY_VERSION = "v2-";

/** Advisory locks on batch keys live in their own key space, apart from any other advisory lock. */
export const BATCH_LOCK_SPACE = 5_120_001;

export type ClaimedDelivery = {
  id: string;
  issueId: string;
  subscriberId: string;
  attempts: number;
  /** The subscriber's address and name as the claim read them; null if the subscriber row is gone. */
  email: string | null;
  name: string | null;
};
export type ClaimedBatch = {
  batchKey: string;
  idempotencyKey: string;
  issueId: string;
  /** The issue's version as the claim read it: the worker's render cache key. */
  issueVersion: number;
  deliveries: ClaimedDelivery[];
  /** The lease this claim took: the worker holding the batch extends it while it sends (lib/delivery/hold-lease.ts). */
  leaseUntil: Date;
  /**
   * Where this worker's next claim may start (`after`): the last id claimed, in the database's
   * order. Absent for a reclaimed batch, which says nothing about where the queue is.
   */
  resumeAfter?: { issueId: string; id: string };
};

type ClaimedRow = ClaimedDelivery & {
  issueVersion: number;
  /** max(id) over the claimed rows, by the database's collation (the one `d."id" > after` compares with). */
  lastId?: string;
};

/**
 * Claims up to `size` rows of one sending issue for this worker, under a
 * lease. A batch whose lease ran out (its worker died) is reclaimed whole,
 * with the same rows, so its idempotency key is the same and the provider
 * never delivers it twice. Rows are locked with SKIP LOCKED, so concurrent
 * workers never claim the same row.
 *
 * A claim is one statement that also returns what the worker needs to
 * build the messages (each subscriber's address and name, the issue's
 * version), where the worker used to ask for them in two more queries.
 */
export async function claimBatch(
  prisma: Database,
  options: {
    leaseMs: number;
    size?: number;
    now?: Date;
    /** Where this worker's previous claim ended: the issue and the last id it claimed there. */
    after?: { issueId: string; id: string };
    /**
     * Look for expired leases before queued rows (the default), or only when no row is queued.
     * A worker looks first now and then, not at every claim: a lease runs out only when its worker
     * died, and the query would otherwise be a database round trip per batch for nothing.
     */
    reclaimFirst?: boolean;
    /** A batch whose lease has run out this often (its rows' attempts) is given up, not reclaimed again. */
    maxAttempts?: number;
  },
): Promise<ClaimedBatch | null> {
  const now = options.now ?? new Date();
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  const size = Math.min(options.size ?? MAX_BATCH, MAX_BATCH);
  const reclaimFirst = options.reclaimFirst ?? true;

  const maxAttempts = options.maxAttempts ?? 5;

  if (reclaimFirst) {
    const reclaimed = await reclaimExpired(prisma, { now, leaseUntil, maxAttempts });
    if (reclaimed) return reclaimed;
  }
  const claimed = await claimQueued(prisma, { now, leaseUntil, size, after: options.after });
  if (claimed || reclaimFirst) return claimed;
  return reclaimExpired(prisma, { now, leaseUntil, maxAttempts });
}

/**
 * Ends, as failed, the expired batches that must not be sent again: those of a send that was canceled
 * (a cancel stops new sending; the worker that held the batch died, or its request failed and it waited
 * to be tried again, so whether it reached the provider is not known), and those whose attempts are
 * used up (a batch that kills or stalls each worker taking it, such as content that no longer renders,
 * would otherwise be reclaimed every lease, for ever, and hold its send open). Whole batches, rows
 * locked in id order as a reclaim and a record lock them; a batch either of them changed meanwhile is
 * left as they left it.
 */
async function giveUpExpired(prisma: Database, { now, maxAttempts }: { now: Date; maxAttempts: number }) {
  await prisma.$executeRaw`
    WITH doomed AS (
      SELECT d."batchKey", bool_or(i."status" <> 'sending') AS "canceled", max(d."attempts") AS "attempts"
      FROM "Delivery" d JOIN "Issue" i ON i."id" = d."issueId"
      WHERE d."status" = 'sending' AND d."leaseExpiresAt" < ${now}
      GROUP BY d."batchKey"
      HAVING bool_or(i."status" <> 'sending') OR max(d."attempts") >= ${maxAttempts}
    ), locked AS MATERIALIZED (
      SELECT d."id", doomed."canceled", doomed."attempts" FROM "Delivery" d JOIN doomed ON d."batchKey" = doomed."batchKey"
      WHERE d."status" = 'sending' AND d."leaseExpiresAt" < ${now}
      ORDER BY d."id"
      FOR NO KEY UPDATE OF d
    )
    UPDATE "Delivery" d
    SET "status" = 'failed', "leaseExpiresAt" = NULL, "updatedAt" = ${now},
        "lastError" = CASE WHEN locked."canceled"
          THEN 'not known whether sent: the send was canceled before this batch''s outcome was known'
          ELSE 'gave up after ' || locked."attempts" || ' attempts, the last without a recorded outcome (its worker stopped; the provider may have it)' END
    FROM locked
    WHERE d."id" = locked."id" AND d."status" = 'sending' AND d."leaseExpiresAt" < ${now}`;
}

/** The whole of one batch whose lease ran out, under a new lease, or null. */
async function reclaimExpired(prisma: Database, { now, leaseUntil, maxAttempts }: { now: Date; leaseUntil: Date; maxAttempts: number }): Promise<ClaimedBatch | null> {
  await giveUpExpired(prisma, { now, maxAttempts });
  // A batch is reclaimed whole or not at all: whoever holds its advisory lock takes every row of it,
  // so two reclaimers never split a batch. The rows are then locked in id order, the order
  // lib/delivery/record-results.ts locks them in too: a reclaim racing the late record of the same
  // batch (a worker that outlived its lease) waits for it instead of deadlocking with it.
  const reclaimed = await prisma.$queryRaw<(ClaimedRow & { batchKey: string })[]>`
    WITH expired AS (
      SELECT DISTINCT d."batchKey" FROM "Delivery" d JOIN "Issue" i ON i."id" = d."issueId"
      WHERE d."status" = 'sending' AND d."leaseExpiresAt" < ${now} AND i."status" = 'sending'
      LIMIT 8
    ), chosen AS (
      SELECT "batchKey" FROM expired WHERE pg_try_advisory_xact_lock(${BATCH_LOCK_SPACE}::int, hashtext("batchKey")) LIMIT 1
    ), locked AS MATERIALIZED (
      SELECT d."id" FROM "Delivery" d JOIN chosen ON d."batchKey" = chosen."batchKey"
      WHERE d."status" = 'sending' AND d."leaseExpiresAt" < ${now}
      ORDER BY d."id"
      -- The lock the UPDATE below takes anyway: it leaves outbox and event rows free to reference these.
      FOR NO KEY UPDATE OF d
    ), reclaimed AS (
      UPDATE "Delivery" d
      SET "leaseExpiresAt" = ${leaseUntil}, "attempts" = d."attempts" + 1, "updatedAt" = ${now}
      FROM locked
      WHERE d."id" = locked."id" AND d."status" = 'sending' AND d."leaseExpiresAt" < ${now}
      RETURNING d."id", d."issueId", d."subscriberId", d."attempts", d."batchKey"
    )
    SELECT r."id", r."issueId", r."subscriberId", r."attempts", r."batchKey", s."email", s."name", i."version" AS "issueVersion"
    FROM reclaimed r
    JOIN "Issue" i ON i."id" = r."issueId"
    LEFT JOIN "Subscriber" s ON s."id" = r."subscriberId"`;
  return reclaimed.length > 0 ? toBatch(reclaimed[0]!.batchKey, reclaimed, leaseUntil) : null;
}

/** Up to `size` queued rows of one sending issue, as a new batch, or null. */
async function claimQueued(
  prisma: Database,
  { now, leaseUntil, size, after: start }: { now: Date; leaseUntil: Date; size: number; after?: { issueId: string; id: string } },
): Promise<ClaimedBatch | null> {
  const batchKey = `${BATCH_KEY_VERSION}${randomUUID()}`;
  let after = start;
  // The audience was taken when the send started, but a reader who has left since (unsubscribed, bounced,
  // complained, erased) is not mailed: their row is `skipped` by the claim that reaches it, in the same
  // statement, and is not part of the batch. Only a new batch is filtered so: a reclaimed one goes out
  // with the rows it first had, since its idempotency key promises the provider the same messages.
  const claim = (picked: Prisma.Sql) => prisma.$queryRaw<(ClaimedRow & { live: boolean })[]>`
    WITH picked AS (${picked}), claimed AS (
      UPDATE "Delivery" d
      SET "status" = (CASE WHEN picked."live" THEN 'sending' ELSE 'skipped' END)::"DeliveryStatus",
          "batchKey" = CASE WHEN picked."live" THEN ${batchKey} END,
          "leaseExpiresAt" = CASE WHEN picked."live" THEN ${leaseUntil}::timestamp(3) END,
          "attempts" = d."attempts" + CASE WHEN picked."live" THEN 1 ELSE 0 END,
          "lastError" = CASE WHEN picked."live" THEN d."lastError" ELSE 'not sent: ' || picked."left" || ' after the send started' END,
          "updatedAt" = ${now}
      FROM picked
      WHERE d."id" = picked."id"
      RETURNING d."id", d."issueId", d."subscriberId", d."attempts", picked."live"
    )
    SELECT c."id", c."issueId", c."subscriberId", c."attempts", c."live", s."email", s."name", i."version" AS "issueVersion",
           max(c."id") OVER () AS "lastId"
    FROM claimed c
    JOIN "Issue" i ON i."id" = c."issueId"
    LEFT JOIN "Subscriber" s ON s."id" = c."subscriberId"`;
  /** The picked rows' subscriber: whether they are still active, and if not, what they did (for lastError). */
  const subscriberNow = Prisma.sql`
    LEFT JOIN "Subscriber" s ON s."id" = d."subscriberId"`;
  const subscriberColumns = Prisma.sql`
    COALESCE(s."status" = 'active' AND s."source" <> 'erased', false) AS "live",
    CASE WHEN s."id" IS NULL OR s."source" = 'erased' THEN 'erased' ELSE s."status"::text END AS "left"`;
  /** The batch of the claimed rows still live; null when every one was skipped (the claim then goes on, past them). */
  const batchOf = (rows: (ClaimedRow & { live: boolean })[]) => {
    const live = rows.filter((row) => row.live);
    return live.length > 0 ? toBatch(batchKey, live, leaseUntil) : null;
  };

  // Rows are claimed in id order, through the Delivery ("issueId", "status", "id") index. A worker
  // that passes where its last claim of an issue ended (`after`) starts the index scan there and
  // reads about `size` entries, however far the send has got. Started from the beginning of the
  // range, every claim would first step over the entries of every row already claimed, which stay
  // in the index until a vacuum (PGlite never runs one; a server's autovacuum may not have come
  // by), and would read every row already sent, had the planner not used this index: a claim
  // costing as much as the send so far, the whole send quadratic in its size. That was the send's
  // bottleneck: halfway through 100,000 rows, finding a batch took 60 ms (and 125 ms with four
  // claims at once); from `after`, it reads 100 index entries, 0.2 ms.
  // A claim whose rows were all skipped (readers who left) made progress: it goes on past them.
  while (after) {
    const { issueId, id } = after;
    const claimed = await claim(Prisma.sql`
      SELECT d."id", ${subscriberColumns} FROM "Delivery" d ${subscriberNow}
      WHERE d."issueId" = ${issueId} AND d."status" = 'queued' AND d."id" > ${id}
        AND EXISTS (SELECT 1 FROM "Issue" i WHERE i."id" = ${issueId} AND i."status" = 'sending')
      ORDER BY d."id" LIMIT ${size}
      FOR UPDATE OF d SKIP LOCKED`);
    if (claimed.length === 0) break;
    const batch = batchOf(claimed);
    if (batch) return batch;
    after = { issueId, id: claimed[0]!.lastId! };
  }
  // Nothing after it: what is left (rows put back for a retry, rows other workers skipped past)
  // is before it, or in another issue. Look from the start.

  // The first `size` queued rows of the first sending issue that has any. Per sending issue (a
  // handful of rows), min(id) of its queued rows is one probe at the start of its index range; a
  // semi-join the planner could pick instead for EXISTS would read every queued row of every issue.
  for (;;) {
    const claimed = await claim(Prisma.sql`
      WITH target AS MATERIALIZED (
        SELECT i."id", f."first" FROM "Issue" i
        CROSS JOIN LATERAL (SELECT min(q."id") AS "first" FROM "Delivery" q WHERE q."issueId" = i."id" AND q."status" = 'queued') f
        WHERE i."status" = 'sending' AND f."first" IS NOT NULL
        ORDER BY i."id" LIMIT 1
      )
      SELECT d."id", ${subscriberColumns} FROM "Delivery" d ${subscriberNow}
      WHERE d."issueId" = (SELECT "id" FROM target) AND d."status" = 'queued' AND d."id" >= (SELECT "first" FROM target)
      ORDER BY d."id" LIMIT ${size}
      FOR UPDATE OF d SKIP LOCKED`);
    if (claimed.length === 0) return null;
    const batch = batchOf(claimed);
    if (batch) return batch;
  }
}

function toBatch(batchKey: string, rows: ClaimedRow[], leaseUntil: Date): ClaimedBatch {
  const deliveries = rows
    .map(({ id, issueId, subscriberId, attempts, email, name }) => ({ id, issueId, subscriberId, attempts, email, name }))
    .sort((a, b) => a.id.localeCompare(b.id));
  // The batch's own key, which its rows keep through every retry and reclaim, and through "Retry failed"
  // when the provider may hold them: sent again with a row fewer (a reader who left meanwhile), the key
  // is still one the provider knows, and it refuses the batch rather than deliver the rest a second time.
  // A batch claimed before keys were named so (its batch key has no version) keeps the key it was first
  // sent under, a hash of its rows: under a new one, the provider would deliver it again.
  const idempotencyKey = batchKey.startsWith(BATCH_KEY_VERSION)
    ? `batch-${batchKey}`
    : createHash("sha256").update(deliveries.map((row) => row.id).join(",")).digest("hex");
  const { issueId, issueVersion, lastId } = rows[0]!;
  return { batchKey, idempotencyKey, issueId, issueVersion, deliveries, leaseUntil, ...(lastId !== undefined && { resumeAfter: { issueId, id: lastId } }) };
}
