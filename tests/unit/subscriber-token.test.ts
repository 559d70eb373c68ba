import { describe, expect, it } from "vitest";
import { CONFIRM_TOKEN_LIFETIME_MS, signSubscriberToken, SUBSCRIBER_TOKEN_LIFETIME_MS, verifySubscriberToken } from "../../lib/auth/subscriber-token.ts";

const secret = "test-secret-that-is-long-enough-for-hmac-use";
const now = Date.UTC(2026, 10, 23);

describe("subscriber tokens", () => {
  const token = signSubscriberToken({ subscriberId: "sub_1", purpose: "unsubscribe", secret, now });

  it("verify for their subscriber and purpose", () => {
    expect(verifySubscriberToken(token, { purpose: "unsubscribe", secret, now })).toEqual({ ok: true, subscriberId: "sub_1", deliveryId: null, name: null, issuedAt: new Date(now) });
  });

  it("carry the name typed with a confirmation request, under the signature, and say when they were made", () => {
    const name = "Ada Lovelace 日本語テキストの名前".padEnd(100, "名");
    const confirm = signSubscriberToken({ subscriberId: "sub_1", purpose: "confirm", secret, now, name });
    expect(verifySubscriberToken(confirm, { purpose: "confirm", secret, now: now + 1000 })).toEqual({ ok: true, subscriberId: "sub_1", deliveryId: null, name, issuedAt: new Date(now) });
    const [, signature] = confirm.split(".");
    const renamed = Buffer.from(JSON.stringify({ s: "sub_1", p: "confirm", e: Math.floor((now + CONFIRM_TOKEN_LIFETIME_MS) / 1000), n: "Mallory" })).toString("base64url");
    expect(verifySubscriberToken(`${renamed}.${signature}`, { purpose: "confirm", secret, now })).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("carry the delivery an email's link came from, under the signature", () => {
    const fromEmail = signSubscriberToken({ subscriberId: "sub_1", purpose: "unsubscribe", secret, now, deliveryId: "del_1" });
    expect(verifySubscriberToken(fromEmail, { purpose: "unsubscribe", secret, now })).toMatchObject({ ok: true, subscriberId: "sub_1", deliveryId: "del_1" });
    const [, signature] = fromEmail.split(".");
    const otherDelivery = Buffer.from(JSON.stringify({ s: "sub_1", p: "unsubscribe", e: Math.floor(now / 1000) + 60, d: "del_2" })).toString("base64url");
    expect(verifySubscriberToken(`${otherDelivery}.${signature}`, { purpose: "unsubscribe", secret, now })).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("refuse another purpose, another secret, expiry and tampering", () => {
    expect(verifySubscriberToken(token, { purpose: "preferences", secret, now })).toEqual({ ok: false, reason: "wrong-purpose" });
    expect(verifySubscriberToken(token, { purpose: "unsubscribe", secret: `${secret}x`, now })).toEqual({ ok: false, reason: "bad-signature" });
    expect(verifySubscriberToken(token, { purpose: "unsubscribe", secret, now: now + SUBSCRIBER_TOKEN_LIFETIME_MS + 1000 })).toEqual({ ok: false, reason: "expired" });
    const [body, signature] = token.split(".");
    const forgedBody = Buffer.from(JSON.stringify({ s: "sub_2", p: "unsubscribe", e: 9e9 })).toString("base64url");
    expect(verifySubscriberToken(`${forgedBody}.${signature}`, { purpose: "unsubscribe", secret, now })).toEqual({ ok: false, reason: "bad-signature" });
    expect(verifySubscriberToken(`${body}.${signature!.slice(0, -2)}xx`, { purpose: "unsubscribe", secret, now })).toEqual({ ok: false, reason: "bad-signature" });
    for (const malformed of ["", "abc", "a.b.c", ".", "x".repeat(1100)]) {
      expect(verifySubscriberToken(malformed, { purpose: "unsubscribe", secret, now }).ok).toBe(false);
    }
  });
});
