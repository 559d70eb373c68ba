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

/**
 * `d`: the delivery (ledger row) whose email carried the link, so an unsubscribe is counted for its issue.
 * `n`: on a confirmation link, the name typed with the request that mailed it, stored only when that link
 * is confirmed (lib/subscribers/confirm-subscription.ts): whoever types an address first does not name its owner.
 */
type Payload = { s: string; p: TokenPurpose; e: number; d?: string; n?: string };

/** A confirmation link carries a name of at most 100 characters: up to 300 bytes of UTF-8, 400 in base64url. */
const TOKEN_MAX = 1024;

export function signSubscriberToken(options: { subscriberId: string; purpose: TokenPurpose; secret: string; now?: number; deliveryId?: string; name?: string }): string {
  const payload: Payload = { s: options.subscriberId, p: options.purpose, e: Math.floor(((options.now ?? Date.now()) + LIFETIME[options.purpose]) / 1000) };
  if (options.deliveryId) payload.d = options.deliveryId;
  if (options.name) payload.n = options.name;
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${mac(body, options.secret)}`;
}

/** `issuedAt`: when the link was made, to the second (its expiry less its purpose's lifetime). */
export type TokenCheck =
  | { ok: true; subscriberId: string; deliveryId: string | null; name: string | null; issuedAt: Date }
  | { ok: false; reason: "malformed" | "bad-signature" | "wrong-purpose" | "expired" };

export function verifySubscriberToken(token: string, options: { purpose: TokenPurpose; secret: string; now?: number }): TokenCheck {
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined || token.length > TOKEN_MAX) return { ok: false, reason: "malformed" };
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
  return {
    ok: true,
    subscriberId: payload.s,
    deliveryId: typeof payload.d === "string" ? payload.d : null,
    name: typeof payload.n === "string" ? payload.n : null,
    issuedAt: new Date(payload.e * 1000 - LIFETIME[options.purpose]),
  };
}

function mac(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64url");
}
