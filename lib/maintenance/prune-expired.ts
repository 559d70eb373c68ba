import type { Database } from "../db/client";
import { pruneRateLimits } from "../rate-limit/consume-rate-limit.ts";

/** How often a worker prunes, at most: the tables grow by a few rows per sign-in or subscribe. */
export const PRUNE_INTERVAL_MS = 10 * 60_000;

/**
 * Deletes rows whose time is over: rate-limit windows that have reset, and
 * sign-in links (next-auth verification tokens) past their expiry, which can
 * no longer be used but would otherwise stay forever. Idempotent; any worker may run it.
 */
export async function pruneExpired(prisma: Database, now: Date = new Date()): Promise<{ rateLimits: number; signInLinks: number }> {
  const rateLimits = await pruneRateLimits(prisma, now);
  const { count: signInLinks } = await prisma.verificationToken.deleteMany({ where: { expires: { lt: now } } });
  return { rateLimits, signInLinks };
}
