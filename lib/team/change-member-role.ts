import { z } from "zod";
import type { Database } from "../db/client";
import { authorize, type Actor } from "../auth/permissions.ts";
import { invalid, type Invalid } from "../forms/field-errors.ts";

const input = z.object({
  userId: z.string().min(1),
  role: z.enum(["owner", "editor", "author", "viewer"], { message: "must be owner, editor, author or viewer" }),
});

export type ChangeRoleResult = { ok: true } | { ok: false; reason: "not-found" | "last-owner" } | Invalid;

/** The publication always keeps one owner: demoting the last one is refused. */
export async function changeMemberRole(prisma: Database, actor: Actor, raw: unknown): Promise<ChangeRoleResult> {
  authorize(actor, "team.manage");
  const parsed = input.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  return prisma.$transaction(async (tx) => {
    // Serialises role changes, so two owners demoting each other cannot both succeed.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(5120003)`;
    const user = await tx.user.findUnique({ where: { id: parsed.data.userId } });
    if (!user) return { ok: false as const, reason: "not-found" as const };
    if (user.role === "owner" && parsed.data.role !== "owner" && (await tx.user.count({ where: { role: "owner" } })) === 1) {
      return { ok: false as const, reason: "last-owner" as const };
    }
    await tx.user.update({ where: { id: user.id }, data: { role: parsed.data.role } });
    return { ok: true as const };
  });
}

export async function removeMember(prisma: Database, actor: Actor, raw: unknown): Promise<{ ok: true } | { ok: false; reason: "not-found" | "last-owner" } | Invalid> {
  authorize(actor, "team.manage");
  const parsed = z.object({ userId: z.string().min(1) }).safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(5120003)`;
    const user = await tx.user.findUnique({ where: { id: parsed.data.userId } });
    if (!user) return { ok: false as const, reason: "not-found" as const };
    if (user.role === "owner" && (await tx.user.count({ where: { role: "owner" } })) === 1) return { ok: false as const, reason: "last-owner" as const };
    await tx.user.delete({ where: { id: user.id } });
    return { ok: true as const };
  });
}
