/**
 * Signed, expiring tokens in unsubscribe and preferences links:
 * base64url(JSON payload) "." base64url(HMAC-SHA256). They name the
 * subscriber and the purpose, so a preferences token cannot unsubscribe and a
 * token for one subscriber cannot touch another.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export type TokenPurpose = "unsubscribe" | "preferences" | "confirm";

/** Links in an email keep working for a year; mail is read late, and RFC 8058 clients click later still. */
export const SUBSCRIBER_TOKEN_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;
/** A double opt-in link is a fresh request: a week, then it must be asked for again. */
export const CONFIRM_TOKEN_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const LIFETIME: Record<TokenPurpose, number> = { unsubscribe: SUBSCRIBER_TOKEN_LIFETIME_MS, preferences: SUBSCRIBER_TOKEN_LIFETIME_MS, confirm: CONFIRM_TOKEN_LIFETIME_MS };

/** `d`: the delivery (ledger row) whose email carried the link, so an unsubscribe is counted for its issue. */
type Payload = { s: string; p: TokenPurpose; e: number; d?: string };

export function signSubscriberToken(options: { subscriberId: string; purpose: TokenPurpose; secret: string; now?: number; deliveryId?: string }): string {
  const payload: Payload = { s: options.subscriberId, p: options.purpose, e: Math.floor(((options.now ?? Date.now()) + LIFETIME[options.purpose]) / 1000) };
  if (options.deliveryId) payload.d = options.deliveryId;
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${mac(body, options.secret)}`;
}

export type TokenCheck = { ok: true; subscriberId: string; deliveryId: string | null } | { ok: false; reason: "malformed" | "bad-signature" | "wrong-purpose" | "expired" };

export function verifySubscriberToken(token: string, options: { purpose: TokenPurpose; secret: string; now?: number }): TokenCheck {
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined || token.length > 512) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(mac(body, options.secret));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad-signature" };
  let payload: Partial<Payload>;
  try {
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Partial<Payload>;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof payload.s !== "string" || typeof payload.e !== "number") return { ok: false, reason: "malformed" };
  if (payload.p !== options.purpose) return { ok: false, reason: "wrong-purpose" };
  if (payload.e * 1000 < (options.now ?? Date.now())) return { ok: false, reason: "expired" };
  return { ok: true, subscriberId: payload.s, deliveryId: typeof payload.d === "string" ? payload.d : null };
}

function mac(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64url");
}
