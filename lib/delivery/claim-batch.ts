import { createHash, randomUUID } from "node:crypto";
import type { Database } from "../db/client";
import { MAX_BATCH } from "./transport.ts";

/** Advisory locks on batch keys live in their own key space, apart from any other advisory lock. */
export const BATCH_LOCK_SPACE = 5_120_001;

export type ClaimedDelivery = { id: string; issueId: string; subscriberId: string; attempts: number };
export type ClaimedBatch = { batchKey: string; idempotencyKey: string; issueId: string; deliveries: ClaimedDelivery[] };

/**
 * Claims up to `size` rows of one sending issue for this worker, under a
 * lease. A batch whose lease ran out (its worker died) is reclaimed whole,
 * with the same rows, so its idempotency key is the same and the provider
 * never delivers it twice. Rows are locked with SKIP LOCKED, so concurrent
 * workers never claim the same row.
 */
export async function claimBatch(prisma: Database, options: { leaseMs: number; size?: number; now?: Date }): Promise<ClaimedBatch | null> {
  const now = options.now ?? new Date();
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  const size = Math.min(options.size ?? MAX_BATCH, MAX_BATCH);

  // A batch is reclaimed whole or not at all: whoever holds its advisory lock (see batchLock)
  // takes every row of it. Row locks alone would let two reclaimers split a batch, or deadlock.
  const reclaimed = await prisma.$queryRaw<(ClaimedDelivery & { batchKey: string })[]>`
    WITH expired AS (
      SELECT DISTINCT "batchKey" FROM "Delivery"
      WHERE "status" = 'sending' AND "leaseExpiresAt" < ${now}
      LIMIT 8
    ), chosen AS (
      SELECT "batchKey" FROM expired WHERE pg_try_advisory_xact_lock(${BATCH_LOCK_SPACE}::int, hashtext("batchKey")) LIMIT 1
    )
    UPDATE "Delivery" d
    SET "leaseExpiresAt" = ${leaseUntil}, "attempts" = d."attempts" + 1, "updatedAt" = ${now}
    FROM chosen
    WHERE d."batchKey" = chosen."batchKey" AND d."status" = 'sending' AND d."leaseExpiresAt" < ${now}
    RETURNING d."id", d."issueId", d."subscriberId", d."attempts", d."batchKey"`;
  if (reclaimed.length > 0) return toBatch(reclaimed[0]!.batchKey, reclaimed);

  const batchKey = randomUUID();
  const claimed = await prisma.$queryRaw<ClaimedDelivery[]>`
    UPDATE "Delivery"
    SET "status" = 'sending', "batchKey" = ${batchKey}, "leaseExpiresAt" = ${leaseUntil}, "attempts" = "attempts" + 1, "updatedAt" = ${now}
    WHERE "id" IN (
      SELECT d."id" FROM "Delivery" d
      WHERE d."status" = 'queued' AND d."issueId" = (
        SELECT q."issueId" FROM "Delivery" q JOIN "Issue" i ON i."id" = q."issueId"
        WHERE q."status" = 'queued' AND i."status" = 'sending'
        ORDER BY q."issueId" LIMIT 1
      )
      ORDER BY d."id" LIMIT ${size}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "issueId", "subscriberId", "attempts"`;
  return claimed.length > 0 ? toBatch(batchKey, claimed) : null;
}

function toBatch(batchKey: string, rows: ClaimedDelivery[]): ClaimedBatch {
  const deliveries = rows.map(({ id, issueId, subscriberId, attempts }) => ({ id, issueId, subscriberId, attempts })).sort((a, b) => a.id.localeCompare(b.id));
  // Derived from the rows themselves: the same batch gives the same key on every retry and reclaim.
  const idempotencyKey = createHash("sha256").update(deliveries.map((row) => row.id).join(",")).digest("hex");
  return { batchKey, idempotencyKey, issueId: deliveries[0]!.issueId, deliveries };
}
