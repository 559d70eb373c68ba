import type { Database } from "../db/client";
import { authorize, type Actor } from "../auth/permissions.ts";
import { parseIssueContent } from "./issue-content.ts";
import { writeIssueContent, type SaveIssueResult } from "./save-issue.ts";

export async function listRevisions(prisma: Database, issueId: string) {
  return prisma.issueRevision.findMany({
    where: { issueId },
    orderBy: { updatedAt: "desc" },
    take: 100,
    select: { id: true, version: true, title: true, createdAt: true, updatedAt: true, author: { select: { name: true, email: true } }, apiKey: { select: { name: true } } },
  });
}

export async function getRevision(prisma: Database, { issueId, revisionId }: { issueId: string; revisionId: string }) {
  return prisma.issueRevision.findFirst({ where: { id: revisionId, issueId }, include: { author: { select: { name: true, email: true } } } });
}

/** Restoring is a save of the old content, so it is itself a revision and can be undone the same way. */
export async function restoreRevision(prisma: Database, actor: Actor, input: { issueId: string; revisionId: string; expectedVersion: number }): Promise<SaveIssueResult> {
  authorize(actor, "issue.write");
  const revision = await getRevision(prisma, input);
  if (!revision) return { ok: false, reason: "not-found" };
  const parsed = parseIssueContent(revision);
  // A revision whose blocks no longer fit today's schemas cannot be restored as is.
  if (!parsed.ok) return { ok: false, reason: "invalid", problems: parsed.problems };
  return writeIssueContent(prisma, actor, { issueId: input.issueId, expectedVersion: input.expectedVersion, content: parsed.content, coalesce: false });
}
