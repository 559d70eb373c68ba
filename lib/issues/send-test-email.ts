import type { Database } from "../db/client";
import { authorize, type Actor } from "../auth/permissions.ts";
import { config } from "../config.ts";
import { loadValidIssueView } from "../delivery/load-issue-view.ts";
import { sendSystemEmailMessage } from "../email/send-system-email.ts";
import { personalizeEmail, renderIssueEmail } from "./render-issue-email.ts";

export type SendTestResult = { ok: true; to: string } | { ok: false; reason: "not-found" | "invalid-blocks" } | { ok: false; reason: "send-failed"; error: string };

/**
 * "Send a test to me": the issue as subscribers will get it, to the signed-in
 * member, through the real transport. Its unsubscribe links point nowhere
 * real, so a click on them in a test changes no subscriber.
 */
export async function sendTestEmail(prisma: Database, actor: Actor, { issueId }: { issueId: string }): Promise<SendTestResult> {
  authorize(actor, "issue.send");
  const found = await loadValidIssueView(prisma, issueId).catch(() => null);
  if (!found) {
    const exists = await prisma.issue.count({ where: { id: issueId } });
    return { ok: false, reason: exists ? "invalid-blocks" : "not-found" };
  }
  const rendered = await renderIssueEmail(found.view);
  const appUrl = config().APP_URL;
  const email = personalizeEmail(rendered, { unsubscribeUrl: `${appUrl}/unsubscribe?token=test`, preferencesUrl: `${appUrl}/preferences?token=test`, name: actor.name, email: actor.email });
  const result = await sendSystemEmailMessage(prisma, { to: actor.email, subject: `[TEST] ${email.subject}`, html: email.html, text: email.text });
  return result.ok ? { ok: true, to: actor.email } : { ok: false, reason: "send-failed", error: result.error };
}
