import type { Database } from "../db/client";
import type { ClaimedBatch } from "./claim-batch.ts";

/**
 * Keeps a batch's lease alive while its worker sends it: every third of the lease, the lease is moved
 * a whole lease ahead. A lease ends only when its worker is gone, then, not when the provider is slow
 * (Resend's retries with their back-off, a 429's retry-after, an SMTP relay taking a second a message):
 * reclaimed while still in flight, the batch would go out twice over SMTP, and over Resend meet its own
 * first request under the same key. Most batches are sent well within a third of the lease and never
 * renew at all.
 *
 * A renewal takes the lease only if it is still the one this worker set (or the one its last renewal
 * meant to set, when that renewal's answer was lost): a worker that was stalled
 * (a long GC, a frozen VM) past its lease, and whose batch another worker reclaimed, renews nothing and
 * stops trying. `release` stops renewing and waits for a renewal in progress, so none lands after the
 * batch's record.
 *
 * `holds()` says whether the batch is still surely this worker's: no renewal has found it taken, and
 * the lease as last set is more than a sixth of a lease from its end by this machine's clock (a
 * margin for the clocks of other workers, which reclaim by theirs). A worker that wakes from a stall
 * knows it at once, before its next renewal has even asked: the SMTP transport asks before each
 * message, and leaves the rest of the batch to the worker that reclaims it.
 */
export function holdLease(prisma: Database, batch: Pick<ClaimedBatch, "batchKey" | "deliveries" | "leaseUntil">, leaseMs: number, { everyMs = leaseMs / 3 } = {}) {
  const ids = batch.deliveries.map((delivery) => delivery.id);
  let held = batch.leaseUntil;
  // A renewal whose answer was lost (the connection dropped after the commit) may have set this one.
  let perhaps = batch.leaseUntil;
  let renewing: Promise<void> | null = null;
  let lost = false;

  const renew = async () => {
    const next = new Date(Date.now() + leaseMs);
    const earlier = perhaps;
    perhaps = next;
    // Rows are locked in id order, as a claim, a reclaim and a record lock them (lib/delivery/claim-batch.ts).
    const renewed = await prisma.$executeRaw`
      WITH locked AS MATERIALIZED (
        SELECT "id" FROM "Delivery"
        WHERE "id" = ANY(${ids}::text[]) AND "batchKey" = ${batch.batchKey} AND "status" = 'sending' AND "leaseExpiresAt" IN (${held}, ${earlier})
        ORDER BY "id"
        FOR NO KEY UPDATE
      )
      UPDATE "Delivery" d SET "leaseExpiresAt" = ${next} FROM locked WHERE d."id" = locked."id"`;
    if (renewed > 0) held = next;
    else lost = true;
  };

  const timer = setInterval(() => {
    if (renewing || lost) return;
    renewing = renew()
      .catch((error: unknown) => {
        // A lost connection: the next tick tries again, well before the lease ends.
        console.error(`Send worker: could not extend a batch's lease: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        renewing = null;
      });
  }, everyMs);
  timer.unref?.();

  const marginMs = leaseMs / 6;
  return {
    holds: () => !lost && Date.now() < held.getTime() - marginMs,
    /** The lease as this worker last set it. */
    get until() {
      return held;
    },
    async release() {
      clearInterval(timer);
      await renewing;
    },
  };
}
