import type { Database } from "../db/client";
import { sendSystemEmail } from "../email/send-system-email.ts";
import { getPublication } from "../publication/get-publication.ts";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit.ts";

export const SIGN_IN_LINKS_PER_EMAIL = { limit: 5, windowMs: 15 * 60_000 };
export const SIGN_IN_LINK_MAX_AGE_SECONDS = 15 * 60;
export const SIGN_IN_SUBJECT_PREFIX = "Sign in to";

/**
 * next-auth's sendVerificationRequest. Only members get a link; anyone else
 * gets nothing, and the page says the same thing either way, so the form
 * does not reveal who is on the team.
 */
export async function sendSignInLink(prisma: Database, { email, url }: { email: string; url: string }): Promise<"sent" | "not-a-member" | "rate-limited"> {
  const address = email.trim().toLowerCase();
  const limit = await consumeRateLimit(prisma, { key: `sign-in:link:${address}`, ...SIGN_IN_LINKS_PER_EMAIL });
  if (!limit.allowed) return "rate-limited";
  const user = await prisma.user.findUnique({ where: { email: address }, select: { id: true } });
  if (!user) return "not-a-member";
  const publication = await getPublication(prisma);
  const name = publication?.name ?? "the newsletter";
  const result = await sendSystemEmail(prisma, {
    to: address,
    subject: `${SIGN_IN_SUBJECT_PREFIX} ${name}`,
    heading: `Sign in to ${name}`,
    paragraphs: [`Use the button below to sign in. The link works once, for ${SIGN_IN_LINK_MAX_AGE_SECONDS / 60} minutes.`],
    action: { label: "Sign in", url },
    footnote: "If you did not ask to sign in, ignore this email: nothing happens without the link.",
  });
  if (!result.ok) throw new Error(`The sign-in link could not be sent: ${result.error}`);
  return "sent";
}
