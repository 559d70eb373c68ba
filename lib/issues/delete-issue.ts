import type { Database } from "../db/client";
import { authorize, type Actor } from "../auth/permissions.ts";

/** Only drafts: anything that was scheduled or sent has a history the archive and the ledger keep. */
export async function deleteDraft(prisma: Database, actor: Actor, { issueId }: { issueId: string }): Promise<boolean> {
  authorize(actor, "issue.delete");
  const { count } = await prisma.issue.deleteMany({ where: { id: issueId, status: "draft" } });
  return count === 1;
}
