import type { Database } from "../db/client";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit.ts";
import { verifyPassword } from "./password.ts";

/** Per address: enough for typos, too few for guessing. */
export const PASSWORD_ATTEMPTS_PER_EMAIL = { limit: 10, windowMs: 15 * 60_000 };

export type PasswordSignIn = { ok: true; user: { id: string; email: string; name: string | null } } | { ok: false; reason: "invalid" | "rate-limited" };

/** Checks an email and password. Unknown addresses and wrong passwords get the same answer, after the same work. */
export async function signInWithPassword(prisma: Database, input: { email: unknown; password: unknown }): Promise<PasswordSignIn> {
  if (typeof input.email !== "string" || typeof input.password !== "string" || input.password.length > 1_000) return { ok: false, reason: "invalid" };
  const email = input.email.trim().toLowerCase();
  const limit = await consumeRateLimit(prisma, { key: `sign-in:password:${email}`, ...PASSWORD_ATTEMPTS_PER_EMAIL });
  if (!limit.allowed) return { ok: false, reason: "rate-limited" };
  const user = await prisma.user.findUnique({ where: { email } });
  const valid = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !valid) return { ok: false, reason: "invalid" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
