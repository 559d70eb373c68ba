import { createHash } from "node:crypto";
import { Prisma } from "../db/generated/client";
import type { Database } from "../db/client";
import { ForbiddenError, type Actor } from "../auth/permissions.ts";
import { apiError, type ApiResult } from "./api-result.ts";

/** How long a key's answer is kept and replayed; a later request with the key is a new one. */
export const IDEMPOTENCY_KEY_HOURS = 24;
/**
 * A first request still unanswered after this long has died with its process (API calls take
 * seconds, a 2 MB issue on a loaded machine a few more): whether it created anything is unknown, so a
 * retry is told that rather than run again.
 */
const IN_FLIGHT_MS = 5 * 60_000;
/** `status` of a first request that failed after it may have written: its outcome is unknown for good. */
const OUTCOME_UNKNOWN = 0;

const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` for the API's POSTs (the IETF httpapi draft's header, as Stripe and Resend use it).
 * With the header, the first request runs and its answer is kept for IDEMPOTENCY_KEY_HOURS; a retry with
 * the same key and the same method, path and body gets that answer again, with `Idempotent-Replayed: true`,
 * and creates nothing. The same key with another body is 422; while the first is running, 409. Without the
 * header the request simply runs. A refusal thrown before any write (the key's role may not do it) frees the
 * key. Any other failure may come after a write (a draft created, then its answer failing to load), so the
 * key stays taken and says so: a retry must not make a second draft.
 *
 * Keys are the API key's own: two integrations cannot collide or read each other's answers.
 */
export async function answerOncePerKey(prisma: Database, request: Request, actor: Actor, rawBody: string, work: () => Promise<ApiResult>): Promise<ApiResult> {
  const key = request.headers.get("idempotency-key");
  if (key === null || !actor.apiKeyId) return work();
  if (!KEY_SHAPE.test(key)) return apiError(400, "bad-idempotency-key", "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces, such as a UUID.");
  const apiKeyId = actor.apiKeyId;
  const fingerprint = createHash("sha256").update(`${request.method} ${new URL(request.url).pathname}\n${rawBody}`).digest("hex");
  const row = { apiKeyId_key: { apiKeyId, key } };
  const expiredBefore = new Date(Date.now() - IDEMPOTENCY_KEY_HOURS * 3_600_000);

  // The unique (apiKeyId, key) decides which of two simultaneous requests runs; the other reads its row.
  const claimed = await prisma.apiIdempotencyKey.createMany({ data: [{ apiKeyId, key, fingerprint }], skipDuplicates: true });
  if (claimed.count === 0) {
    const earlier = await prisma.apiIdempotencyKey.findUnique({ where: row });
    if (!earlier || earlier.createdAt < expiredBefore) {
      // Expired and not yet pruned (or pruned just now): the key starts afresh.
      await prisma.apiIdempotencyKey.deleteMany({ where: { apiKeyId, key, createdAt: { lt: expiredBefore } } });
      return answerOncePerKey(prisma, request, actor, rawBody, work);
    }
    if (earlier.fingerprint !== fingerprint) {
      return apiError(422, "idempotency-key-reused", "This Idempotency-Key was used for another request in the last 24 hours. Use a new key for a new request.");
    }
    if (earlier.status === null || earlier.status === OUTCOME_UNKNOWN) {
      if (earlier.status === null && Date.now() - earlier.createdAt.getTime() < IN_FLIGHT_MS) {
        return { ...apiError(409, "idempotency-key-in-use", "A request with this Idempotency-Key is still running. Retry in a moment to get its answer."), headers: { "Retry-After": "2" } };
      }
      return apiError(409, "idempotency-key-outcome-unknown", "The request first sent with this Idempotency-Key failed or stopped before it answered, and may or may not have made its change. Check (for an issue, GET /api/v1/issues?status=draft), then send it again with a new key if it is needed.");
    }
    return { status: earlier.status, body: earlier.body ?? undefined, headers: { ...(earlier.headers as Record<string, string> | null), "Idempotent-Replayed": "true" } };
  }

  let result: ApiResult;
  try {
    result = await work();
  } catch (error) {
    if (error instanceof ForbiddenError) await prisma.apiIdempotencyKey.delete({ where: row });
    else await prisma.apiIdempotencyKey.update({ where: row, data: { status: OUTCOME_UNKNOWN } }).catch(() => undefined);
    throw error;
  }
  await prisma.apiIdempotencyKey.update({
    where: row,
    data: { status: result.status, headers: result.headers ?? Prisma.DbNull, body: result.body === undefined ? Prisma.DbNull : (result.body as Prisma.InputJsonValue) },
  });
  return result;
}
