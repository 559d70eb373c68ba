import { createHash, randomUUID } from "node:crypto";
import type { Database } from "../db/client";
import { Prisma } from "../db/generated/client";
import { MAX_BATCH } from "./transport.ts";

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
  },
): Promise<ClaimedBatch | null> {
  const now = options.now ?? new Date();
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  const size = Math.min(options.size ?? MAX_BATCH, MAX_BATCH);
  const reclaimFirst = options.reclaimFirst ?? true;

  if (reclaimFirst) {
    const reclaimed = await reclaimExpired(prisma, { now, leaseUntil });
    if (reclaimed) return reclaimed;
  }
  const claimed = await claimQueued(prisma, { now, leaseUntil, size, after: options.after });
  if (claimed || reclaimFirst) return claimed;
  return reclaimExpired(prisma, { now, leaseUntil });
}

/** The whole of one batch whose lease ran out, under a new lease, or null. */
async function reclaimExpired(prisma: Database, { now, leaseUntil }: { now: Date; leaseUntil: Date }): Promise<ClaimedBatch | null> {
  // A batch is reclaimed whole or not at all: whoever holds its advisory lock takes every row of it,
  // so two reclaimers never split a batch. The rows are then locked in id order, the order
  // lib/delivery/record-results.ts locks them in too: a reclaim racing the late record of the same
  // batch (a worker that outlived its lease) waits for it instead of deadlocking with it.
  const reclaimed = await prisma.$queryRaw<(ClaimedRow & { batchKey: string })[]>`
    WITH expired AS (
      SELECT DISTINCT "batchKey" FROM "Delivery"
      WHERE "status" = 'sending' AND "leaseExpiresAt" < ${now}
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
  return reclaimed.length > 0 ? toBatch(reclaimed[0]!.batchKey, reclaimed) : null;
}

/** Up to `size` queued rows of one sending issue, as a new batch, or null. */
async function claimQueued(
  prisma: Database,
  { now, leaseUntil, size, after }: { now: Date; leaseUntil: Date; size: number; after?: { issueId: string; id: string } },
): Promise<ClaimedBatch | null> {
  const batchKey = randomUUID();
  const claim = (picked: Prisma.Sql) => prisma.$queryRaw<ClaimedRow[]>`
    WITH picked AS (${picked}), claimed AS (
      UPDATE "Delivery" d
      SET "status" = 'sending', "batchKey" = ${batchKey}, "leaseExpiresAt" = ${leaseUntil}, "attempts" = d."attempts" + 1, "updatedAt" = ${now}
      FROM picked
      WHERE d."id" = picked."id"
      RETURNING d."id", d."issueId", d."subscriberId", d."attempts"
    )
    SELECT c."id", c."issueId", c."subscriberId", c."attempts", s."email", s."name", i."version" AS "issueVersion",
           max(c."id") OVER () AS "lastId"
    FROM claimed c
    JOIN "Issue" i ON i."id" = c."issueId"
    LEFT JOIN "Subscriber" s ON s."id" = c."subscriberId"`;

  // Rows are claimed in id order, through the Delivery ("issueId", "status", "id") index. A worker
  // that passes where its last claim of an issue ended (`after`) starts the index scan there and
  // reads about `size` entries, however far the send has got. Started from the beginning of the
  // range, every claim would first step over the entries of every row already claimed, which stay
  // in the index until a vacuum (PGlite never runs one; a server's autovacuum may not have come
  // by), and would read every row already sent, had the planner not used this index: a claim
  // costing as much as the send so far, the whole send quadratic in its size. That was the send's
  // bottleneck: halfway through 100,000 rows, finding a batch took 60 ms (and 125 ms with four
  // claims at once); from `after`, it reads 100 index entries, 0.2 ms.
  if (after) {
    const { issueId, id } = after;
    const claimed = await claim(Prisma.sql`
      SELECT d."id" FROM "Delivery" d
      WHERE d."issueId" = ${issueId} AND d."status" = 'queued' AND d."id" > ${id}
        AND EXISTS (SELECT 1 FROM "Issue" i WHERE i."id" = ${issueId} AND i."status" = 'sending')
      ORDER BY d."id" LIMIT ${size}
      FOR UPDATE OF d SKIP LOCKED`);
    if (claimed.length > 0) return toBatch(batchKey, claimed);
    // Nothing after it: what is left (rows put back for a retry, rows other workers skipped past)
    // is before it, or in another issue. Look from the start.
  }

  // The first `size` queued rows of the first sending issue that has any. Per sending issue (a
  // handful of rows), min(id) of its queued rows is one probe at the start of its index range; a
  // semi-join the planner could pick instead for EXISTS would read every queued row of every issue.
  const claimed = await claim(Prisma.sql`
    WITH target AS MATERIALIZED (
      SELECT i."id", f."first" FROM "Issue" i
      CROSS JOIN LATERAL (SELECT min(q."id") AS "first" FROM "Delivery" q WHERE q."issueId" = i."id" AND q."status" = 'queued') f
      WHERE i."status" = 'sending' AND f."first" IS NOT NULL
      ORDER BY i."id" LIMIT 1
    )
    SELECT d."id" FROM "Delivery" d
    WHERE d."issueId" = (SELECT "id" FROM target) AND d."status" = 'queued' AND d."id" >= (SELECT "first" FROM target)
    ORDER BY d."id" LIMIT ${size}
    FOR UPDATE OF d SKIP LOCKED`);
  return claimed.length > 0 ? toBatch(batchKey, claimed) : null;
}

function toBatch(batchKey: string, rows: ClaimedRow[]): ClaimedBatch {
  const deliveries = rows
    .map(({ id, issueId, subscriberId, attempts, email, name }) => ({ id, issueId, subscriberId, attempts, email, name }))
    .sort((a, b) => a.id.localeCompare(b.id));
  // Derived from the rows themselves: the same batch gives the same key on every retry and reclaim.
  const idempotencyKey = createHash("sha256").update(deliveries.map((row) => row.id).join(",")).digest("hex");
  const { issueId, issueVersion, lastId } = rows[0]!;
  return { batchKey, idempotencyKey, issueId, issueVersion, deliveries, ...(lastId !== undefined && { resumeAfter: { issueId, id: lastId } }) };
}
