import type { Database } from "../db/client";
import { IDEMPOTENCY_KEY_HOURS } from "../api/answer-once-per-key.ts";
import { expireImportFiles } from "../audience/import/forget-import-files.ts";
import { pruneRateLimits } from "../rate-limit/consume-rate-limit.ts";

/** How often a worker prunes, at most: the tables grow by a few rows per sign-in or subscribe. */
export const PRUNE_INTERVAL_MS = 10 * 60_000;

/** How long delivered and failed webhook deliveries are kept. */
export const WEBHOOK_LOG_DAYS = 30;

/**
 * Deletes rows whose time is over: rate-limit windows that have reset, and
 * sign-in links (next-auth verification tokens) past their expiry, which can
 * no longer be used but would otherwise stay forever, and webhook deliveries
 * that ended over WEBHOOK_LOG_DAYS ago, and API idempotency keys past their
 * IDEMPOTENCY_KEY_HOURS; and the files of CSV imports uploaded but not started
 * within IMPORT_FILE_HOURS (the job stays, marked expired). Idempotent; any
 * worker may run it.
 */
export async function pruneExpired(
  prisma: Database,
  now: Date = new Date(),
): Promise<{ rateLimits: number; signInLinks: number; webhookDeliveries: number; idempotencyKeys: number; importFiles: number }> {
  const rateLimits = await pruneRateLimits(prisma, now);
  const { count: signInLinks } = await prisma.verificationToken.deleteMany({ where: { expires: { lt: now } } });
  // Webhook deliveries are a log for the owner to read on the settings page; a month of it is enough.
  // Its predicate is the partial index's ("WebhookDelivery_ended_idx", prisma/constraints.sql), as literals so the planner can match them.
  const webhookDeliveries = await prisma.$executeRaw`
    DELETE FROM "WebhookDelivery" WHERE "status" IN ('delivered', 'failed') AND "createdAt" < ${new Date(now.getTime() - WEBHOOK_LOG_DAYS * 86_400_000)}::timestamp(3)`;
  const { count: idempotencyKeys } = await prisma.apiIdempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_KEY_HOURS * 3_600_000) } } });
  const importFiles = await expireImportFiles(prisma, now);
  return { rateLimits, signInLinks, webhookDeliveries, idempotencyKeys, importFiles };
}
