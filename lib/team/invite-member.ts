import { z } from "zod";
import { config } from "../config.ts";
import type { Database } from "../db/client";
import { authorize, type Actor } from "../auth/permissions.ts";
import { sendSystemEmail } from "../email/send-system-email.ts";
import { invalid, type Invalid } from "../forms/field-errors.ts";
import { getPublication } from "../publication/get-publication.ts";

export const inviteInput = z.object({
  email: z.string().trim().toLowerCase().email("must be an email address").max(320),
  name: z.string().trim().max(100, "must be at most 100 characters").optional(),
  role: z.enum(["owner", "editor", "author", "viewer"], { message: "must be owner, editor, author or viewer" }),
});

export type InviteResult = { ok: true; userId: string; emailed: boolean; resent: boolean } | { ok: false; reason: "already-member" } | Invalid;

/**
 * Adds a teammate and emails them where to sign in. They sign in with an
 * email link (the account exists now) and may set a password afterwards.
 * Inviting someone already invited who has never signed in (no link used, no
 * password) mails the invitation again, as it was: their role is changed on
 * the team page, not by a second invitation. Anyone else is already a member.
 */
export async function inviteMember(prisma: Database, actor: Actor, input: unknown): Promise<InviteResult> {
  authorize(actor, "team.manage");
  const parsed = inviteInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { email, name, role } = parsed.data;
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true, role: true, emailVerified: true, passwordHash: true } });
  if (existing && (existing.emailVerified || existing.passwordHash)) return { ok: false, reason: "already-member" };
  const user = existing ?? (await prisma.user.create({ data: { email, name: name || null, role }, select: { id: true, role: true } }));
  const publication = await getPublication(prisma);
  // `via=link`: an invitee has no password, so the sign-in page opens on the email link.
  const signInUrl = `${config().APP_URL}/sign-in?email=${encodeURIComponent(email)}&via=link`;
  const inviter = actor.name ?? actor.email;
  const publicationName = publication?.name ?? "the newsletter";
  const sent = await sendSystemEmail(prisma, {
    to: email,
    subject: `${inviter} invited you to edit ${publicationName}`,
    heading: `Join ${publicationName}`,
    paragraphs: [`${inviter} added you to ${publicationName} as ${user.role === "viewer" ? "a" : "an"} ${user.role}.`, "Sign in with this email address: we will send you a sign-in link."],
    action: { label: "Sign in", url: signInUrl },
  });
  return { ok: true, userId: user.id, emailed: sent.ok, resent: existing !== null };
}
