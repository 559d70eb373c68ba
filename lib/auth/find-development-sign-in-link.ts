import { config } from "../config.ts";
import type { Database } from "../db/client";
import { linksIn } from "../outbox/links-in.ts";
import { SIGN_IN_LINK_MAX_AGE_SECONDS, SIGN_IN_SUBJECT_PREFIX } from "./send-sign-in-link.ts";

/**
 * The embedded default has no mail account, so a sign-in link "sent" to the
 * outbox is shown on the check-email page. Only outside production and only
 * with the outbox transport: anywhere else showing it would let anyone sign
 * in as anyone.
 */
export async function findDevelopmentSignInLink(prisma: Database, email: string): Promise<string | null> {
  const cfg = config();
  if (cfg.NODE_ENV === "production" || cfg.RESEND_API_KEY || cfg.SMTP_URL || !email) return null;
  // The link is mailed just after the sign-in request's response; give it a moment to land.
  for (let attempt = 0; attempt < 10; attempt++) {
    const link = await latestLink(prisma, email);
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return null;
}

async function latestLink(prisma: Database, email: string): Promise<string | null> {
  const message = await prisma.outboxMessage.findFirst({
    where: {
      toAddress: email.trim().toLowerCase(),
      subject: { startsWith: SIGN_IN_SUBJECT_PREFIX },
      deliveryId: null,
      createdAt: { gt: new Date(Date.now() - SIGN_IN_LINK_MAX_AGE_SECONDS * 1000) },
    },
    orderBy: { createdAt: "desc" },
    select: { text: true },
  });
  return linksIn(message?.text ?? "").find((link) => link.includes("/api/auth/callback/email?")) ?? null;
}
