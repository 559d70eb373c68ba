import type { Database } from "../db/client";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit.ts";
import { verifyPassword } from "./password.ts";

/**
 * Per address and caller: enough for typos, too few for guessing. Per
 * address alone the ceiling is higher, so a stranger cannot lock a member out
 * by failing on purpose from one place, while guessing from many places is
 * still bounded.
 */
export const PASSWORD_ATTEMPTS_PER_EMAIL_AND_IP = { limit: 10, windowMs: 15 * 60_000 };
export const PASSWORD_ATTEMPTS_PER_EMAIL = { limit: 100, windowMs: 15 * 60_000 };

export type PasswordSignIn = { ok: true; user: { id: string; email: string; name: string | null } } | { ok: false; reason: "invalid" | "rate-limited" };

/** Checks an email and password. Unknown addresses and wrong passwords get the same answer, after the same work. */
export async function signInWithPassword(prisma: Database, input: { email: unknown; password: unknown; ip?: string }): Promise<PasswordSignIn> {
  if (typeof input.email !== "string" || typeof input.password !== "string" || input.password.length > 1_000) return { ok: false, reason: "invalid" };
  const email = input.email.trim().toLowerCase();
  for (const [key, limit] of [[`sign-in:password:${email}:${input.ip ?? "unknown"}`, PASSWORD_ATTEMPTS_PER_EMAIL_AND_IP], [`sign-in:password:${email}`, PASSWORD_ATTEMPTS_PER_EMAIL]] as const) {
    if (!(await consumeRateLimit(prisma, { key, ...limit })).allowed) return { ok: false, reason: "rate-limited" };
  }
  const user = await prisma.user.findUnique({ where: { email } });
  const valid = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !valid) return { ok: false, reason: "invalid" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
