import { z } from "zod";
import type { Database } from "../db/client";
import { authorize, type Actor } from "../auth/permissions.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { passwordProblem } from "../auth/password-rules.ts";
import { invalid, type Invalid } from "../forms/field-errors.ts";

const input = z.object({
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  currentPassword: z.string().max(1_000).optional().default(""),
  newPassword: z
    .string()
    .optional()
    .default("")
    .superRefine((password, ctx) => {
      const problem = password ? passwordProblem(password) : null;
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
});

export type UpdateAccountResult = { ok: true; passwordChanged: boolean } | { ok: false; reason: "wrong-password" } | Invalid;

/**
 * A member's own name and password. Setting a first password needs the
 * signed-in session only (the member proved the address with an email
 * link); changing one needs the current password too.
 */
export async function updateAccount(prisma: Database, actor: Actor, raw: unknown): Promise<UpdateAccountResult> {
  authorize(actor, "account.self");
  const parsed = input.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { name, currentPassword, newPassword } = parsed.data;
  const user = await prisma.user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordHash: true } });
  if (newPassword && user.passwordHash && !(await verifyPassword(user.passwordHash, currentPassword))) return { ok: false, reason: "wrong-password" };
  // A new password ends every session, this one included: whoever had the old one is out.
  await prisma.user.update({ where: { id: actor.id }, data: { name, ...(newPassword ? { passwordHash: await hashPassword(newPassword), sessionsValidAfter: new Date() } : {}) } });
  return { ok: true, passwordChanged: Boolean(newPassword) };
}
