import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * First-run setup makes whoever finishes it the owner, so on a production
 * server it needs a token only the operator sees: the launcher prints the
 * setup link in the server's log while no member exists. Derived from the
 * signing secret, so every process agrees and nothing is stored. Outside
 * production the token is not asked for: the two-command start stays one click.
 */
export function setupToken(secret: string): string {
  return createHmac("sha256", secret).update("weekly:setup-owner:v1").digest("base64url").slice(0, 32);
}

export function setupTokenRequired(): boolean {
  return process.env.NODE_ENV === "production";
}

export function setupTokenAccepted(given: unknown, secret: string): boolean {
  if (!setupTokenRequired()) return true;
  if (typeof given !== "string") return false;
  const expected = Buffer.from(setupToken(secret));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
