import type { Actor } from "../auth/permissions.ts";
import type { Database } from "../db/client";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit.ts";
import { API_KEY_PATTERN, hashApiKey } from "./api-keys.ts";

/** Requests per key per minute: a sync of a large list pages at 50 a request, so 300 a minute moves 15,000 people. */
export const API_RATE_LIMIT = { limit: 300, windowMs: 60_000 };

export type ApiCaller = { ok: true; actor: Actor } | { ok: false; status: 401 | 429; message: string; retryAfterSeconds?: number };

/**
 * Who is calling the API: the key in `Authorization: Bearer wk_…`, looked up
 * by its hash. A missing, malformed, unknown or revoked key gets the same
 * answer. The key then acts as its role (API_KEY_ACCESS), with an actor id of
 * its own that no member has, and is rate-limited per key.
 */
export async function authenticateApiRequest(prisma: Database, headers: Headers, now = new Date()): Promise<ApiCaller> {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "")?.[1] ?? "";
  const refused = { ok: false as const, status: 401 as const, message: "Send a valid API key as `Authorization: Bearer wk_…` (Settings → API keys)." };
  if (!API_KEY_PATTERN.test(presented)) return refused;
  const key = await prisma.apiKey.findUnique({ where: { keyHash: hashApiKey(presented) }, select: { id: true, name: true, role: true, revokedAt: true } });
  if (!key || key.revokedAt) return refused;
  const quota = await consumeRateLimit(prisma, { key: `api:${key.id}`, ...API_RATE_LIMIT, now });
  if (!quota.allowed) return { ok: false, status: 429, message: `Too many requests: ${API_RATE_LIMIT.limit} a minute per key.`, retryAfterSeconds: quota.retryAfterSeconds };
  await prisma.apiKey.updateMany({ where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] }, data: { lastUsedAt: now } });
  return { ok: true, actor: { id: `api-key:${key.id}`, role: key.role, email: "", name: `API key “${key.name}”`, apiKeyId: key.id } };
}
