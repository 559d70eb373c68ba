import { z } from "zod";
import type { Database } from "../db/client";
import { hashPassword } from "../auth/password.ts";
import { passwordProblem } from "../auth/password-rules.ts";
import { invalid, type Invalid } from "../forms/field-errors.ts";

/** Any constant works: it only has to differ from the other advisory locks in lib/. */
const SETUP_LOCK = 5_120_002;

export const ownerInput = z.object({
  email: z.string().trim().toLowerCase().email("must be an email address").max(320),
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  password: z.string().superRefine((password, ctx) => {
    const problem = passwordProblem(password);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});

export type CreateOwnerResult = { ok: true; userId: string } | { ok: false; reason: "setup-closed" } | Invalid;

/** First run only: creates the owner while there are no users. Two racing setups create one owner. */
export async function createOwner(prisma: Database, input: unknown): Promise<CreateOwnerResult> {
  const parsed = ownerInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const passwordHash = await hashPassword(parsed.data.password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if ((await tx.user.count()) > 0) return { ok: false as const, reason: "setup-closed" as const };
    const user = await tx.user.create({
      data: { email: parsed.data.email, name: parsed.data.name, role: "owner", passwordHash },
      select: { id: true },
    });
    return { ok: true as const, userId: user.id };
  });
}

export async function isSetupOpen(prisma: Database): Promise<boolean> {
  return (await prisma.user.count()) === 0;
}
