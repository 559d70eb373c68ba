import { describe, expect, it } from "vitest";
import { REVALIDATION_TOKEN_TTL_MS, revalidationToken, revalidationTokenValid } from "@/lib/web/revalidation-token";

const secret = "unit-test-secret-0123456789abcdefghijklmnopqrstuvwxyz";
const now = Date.UTC(2026, 10, 29, 12);

describe("revalidation tokens", () => {
  it("accept a fresh token signed with the secret, until it expires a minute later", () => {
    const token = revalidationToken(secret, now);
    expect(revalidationTokenValid(token, secret, now)).toBe(true);
    expect(revalidationTokenValid(token, secret, now + REVALIDATION_TOKEN_TTL_MS - 1)).toBe(true);
    expect(revalidationTokenValid(token, secret, now + REVALIDATION_TOKEN_TTL_MS)).toBe(false);
  });

  it("refuse another secret's token, a changed expiry, one claiming a longer life, and garbage", () => {
    const token = revalidationToken(secret, now);
    expect(revalidationTokenValid(revalidationToken("another-secret-0123456789abcdefghijklmnopqrstuvwxyz", now), secret, now)).toBe(false);
    const [expiresAt, signature] = token.split(".");
    expect(revalidationTokenValid(`${Number(expiresAt) + 1}.${signature}`, secret, now)).toBe(false);
    // Signed with the secret, but for an expiry further out than a token may live.
    expect(revalidationTokenValid(revalidationToken(secret, now + 10 * REVALIDATION_TOKEN_TTL_MS), secret, now)).toBe(false);
    for (const bad of [undefined, "", "garbage", `${expiresAt}.`, `.${signature}`, `${expiresAt}.${signature}x`]) expect(revalidationTokenValid(bad, secret, now)).toBe(false);
  });
});
