import { z } from "zod";
import type { Prisma } from "../db/generated/client";
import type { Database } from "../db/client";
import { authorize, can, type Actor } from "../auth/permissions.ts";
import type { ContentProblem } from "../blocks/parse-blocks.ts";

/**
 * The shape the composer edits (its blocks' data is whatever was typed, checked or not). Kept content
 * came from a composer, but through a request anyone signed in can forge: what does not have this
 * shape is not handed back to one.
 */
const keptContent = z.object({
  title: z.string(),
  preheader: z.string(),
  channel: z.enum(["everywhere", "web_only", "email_only"]).optional(),
  topics: z.array(z.string()).optional(),
  blocks: z.array(
    z.object({
      type: z.string(),
      data: z.json(),
      channel: z.enum(["everywhere", "web_only", "email_only"]).optional(),
      topics: z.array(z.string()).optional(),
    }),
  ),
});

export type KeptEdit = { content: z.infer<typeof keptContent>; problems: ContentProblem[]; baseVersion: number; savedBy: string; savedAt: Date };

/**
 * Keeps the composer's edits that do not pass the issue's checks (IssueKeptEdit), so that a link to
 * be fixed or a field too long does not leave an afternoon's work in one browser: another device,
 * or a teammate, opens the issue with them. The issue itself keeps its last valid content, which
 * previews elsewhere, sends and the API go on using.
 *
 * Kept only on the version the edits build on, and only while the issue may be edited by this
 * person (as a save is): otherwise false, and the composer says the edits are on this device only.
 * Nothing stored can fail here: text PostgreSQL cannot take (a NUL, half an emoji) is not kept,
 * and that is logged, not thrown at the editor's autosave.
 */
export async function keepInvalidEdit(
  prisma: Database,
  actor: Actor,
  { issueId, expectedVersion, content, problems, now = new Date() }: { issueId: string; expectedVersion: number; content: Prisma.InputJsonValue; problems: ContentProblem[]; now?: Date },
): Promise<boolean> {
  try {
    return await prisma.$transaction(async (tx) => {
      const [issue] = await tx.$queryRaw<{ status: string; version: number }[]>`SELECT "status", "version" FROM "Issue" WHERE "id" = ${issueId} FOR UPDATE`;
      const editable = issue && (issue.status === "draft" || (issue.status === "scheduled" && can(actor.role, "issue.editScheduled")));
      if (!editable || issue.version !== expectedVersion) return false;
      // The same edits again (opened on another device, which saves what it restored): still theirs who made them.
      const [same] = await tx.$queryRaw<unknown[]>`
        SELECT 1 FROM "IssueKeptEdit" WHERE "issueId" = ${issueId} AND "baseVersion" = ${expectedVersion} AND "content" = ${JSON.stringify(content)}::jsonb`;
      if (same) return true;
      const kept = { content, problems: problems as unknown as Prisma.InputJsonValue, baseVersion: expectedVersion, savedBy: actor.name || actor.email, savedAt: now };
      await tx.issueKeptEdit.upsert({ where: { issueId }, create: { issueId, ...kept }, update: kept });
      return true;
    });
  } catch (error) {
    console.error(`Edits to issue ${issueId} that do not pass its checks could not be kept on the server:`, error);
    return false;
  }
}

/** The kept edits of an issue, if any (and if they have the composer's shape). */
export async function loadKeptEdit(prisma: Database, issueId: string): Promise<KeptEdit | null> {
  const kept = await prisma.issueKeptEdit.findUnique({ where: { issueId } });
  const content = keptContent.safeParse(kept?.content);
  if (!kept || !content.success) return null;
  return { content: content.data, problems: kept.problems as unknown as ContentProblem[], baseVersion: kept.baseVersion, savedBy: kept.savedBy, savedAt: kept.savedAt };
}

/**
 * Drops an issue's kept edits when the composer is back at the issue's saved content (the editor undid
 * them): there is nothing to save then, so no valid save would remove them, and every device opening
 * the issue would bring the abandoned edits back. Also when the editor took someone's newer version over
 * them. Edits built on a newer version than the composer's are left alone; the caller must be able to
 * edit issues.
 */
export async function discardKeptEdit(prisma: Database, actor: Actor, { issueId, expectedVersion }: { issueId: string; expectedVersion: number }): Promise<void> {
  authorize(actor, "issue.write");
  await prisma.issueKeptEdit.deleteMany({ where: { issueId, baseVersion: { lte: expectedVersion } } });
}
