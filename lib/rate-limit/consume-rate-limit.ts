import type { Database } from "../db/client";

export type RateLimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one attempt against `key` in a fixed window and says whether it is
 * within `limit`. The count lives in Postgres so that every app process and
 * worker shares it; one upsert per attempt, atomic under concurrency.
 */
export async function consumeRateLimit(
  prisma: Database,
  options: { key: string; limit: number; windowMs: number; now?: Date },
): Promise<RateLimitResult> {
  const now = options.now ?? new Date();
  const resetAt = new Date(now.getTime() + options.windowMs);
  const [row] = await prisma.$queryRaw<{ count: number; resetAt: Date }[]>`
    INSERT INTO "RateLimitBucket" ("key", "count", "resetAt") VALUES (${options.key}, 1, ${resetAt})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."resetAt" <= ${now} THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimitBucket"."resetAt" <= ${now} THEN ${resetAt} ELSE "RateLimitBucket"."resetAt" END
    RETURNING "count", "resetAt"`;
  if (!row) throw new Error("The rate-limit upsert returned no row.");
  if (row.count <= options.limit) return { allowed: true, remaining: options.limit - row.count };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row.resetAt.getTime() - now.getTime()) / 1000)) };
}

/**
 * One attempt against each of many keys in one statement (an import mailing
 * thousands of confirmations); the keys still within `limit`.
 */
export async function consumeRateLimits(prisma: Database, options: { keys: string[]; limit: number; windowMs: number; now?: Date }): Promise<Set<string>> {
  const keys = [...new Set(options.keys)];
  if (keys.length === 0) return new Set();
  const now = options.now ?? new Date();
  const resetAt = new Date(now.getTime() + options.windowMs);
  const rows = await prisma.$queryRaw<{ key: string; count: number }[]>`
    INSERT INTO "RateLimitBucket" ("key", "count", "resetAt") SELECT unnest(${keys}::text[]), 1, ${resetAt}
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."resetAt" <= ${now} THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimitBucket"."resetAt" <= ${now} THEN ${resetAt} ELSE "RateLimitBucket"."resetAt" END
    RETURNING "key", "count"`;
  return new Set(rows.filter((row) => row.count <= options.limit).map((row) => row.key));
}

/**
 * Gives back one attempt on each key: for an attempt that did not happen after
 * all (the email the window was taken for was refused by the provider), so the
 * next request may try again rather than wait out the window.
 */
export async function refundRateLimits(prisma: Database, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const unique = [...new Set(keys)];
  // A count is at least 1 (a check constraint): a window's only attempt goes with its row.
  await prisma.$executeRaw`
    WITH "emptied" AS (DELETE FROM "RateLimitBucket" WHERE "key" = ANY(${unique}::text[]) AND "count" <= 1)
    UPDATE "RateLimitBucket" SET "count" = "count" - 1 WHERE "key" = ANY(${unique}::text[]) AND "count" > 1`;
}

/** Expired windows: deleted now and then so the table stays small. */
export async function pruneRateLimits(prisma: Database, now: Date = new Date()): Promise<number> {
  const { count } = await prisma.rateLimitBucket.deleteMany({ where: { resetAt: { lt: now } } });
  return count;
}
