import { createHmac, timingSafeEqual } from "node:crypto";

/** A revalidation token is good for this long: the worker makes one per request. */
export const REVALIDATION_TOKEN_TTL_MS = 60_000;

function signature(secret: string, expiresAt: number): string {
  return createHmac("sha256", secret).update(`weekly:revalidate-site:v1:${expiresAt}`).digest("base64url");
}

/**
 * "<expiry ms>.<HMAC>": proof that the caller holds AUTH_SECRET, as the worker (another
 * process, perhaps another machine) does. Short-lived, so one seen in a log is soon worthless.
 */
export function revalidationToken(secret: string, now: number = Date.now()): string {
  const expiresAt = now + REVALIDATION_TOKEN_TTL_MS;
  return `${expiresAt}.${signature(secret, expiresAt)}`;
}

/** Valid: well-formed, signed with `secret`, not expired, and not claiming to live longer than a token can. */
export function revalidationTokenValid(token: unknown, secret: string, now: number = Date.now()): boolean {
  if (typeof token !== "string") return false;
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return false;
  const expiresAt = Number(match[1]);
  if (expiresAt <= now || expiresAt > now + REVALIDATION_TOKEN_TTL_MS) return false;
  const expected = Buffer.from(signature(secret, expiresAt));
  const given = Buffer.from(match[2]!);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
