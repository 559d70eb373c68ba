import { z } from "zod";
import type { Database } from "../db/client";
import { invalid, type Invalid } from "../forms/field-errors.ts";
import { countRecipients } from "../delivery/count-recipients.ts";

const input = z.object({
  issueId: z.string().min(1),
  tagIds: z.array(z.string().min(1).max(64)).max(50, "can name at most 50 tags"),
  match: z.enum(["any", "all"]),
});

export type SetSegmentResult = { ok: true; recipients: number } | { ok: false; reason: "not-found" | "unknown-tag" } | { ok: false; reason: "not-editable"; status: string } | Invalid;

/**
 * Chooses who an unsent issue goes to: everyone (no tags) or the active
 * subscribers with any or all of some tags. Only drafts and scheduled issues:
 * a send's audience is its snapshot. The issue's version is left alone (the
 * segment is not content the autosave sends), and the answer is the new
 * recipient count, so the editor sees it before sending.
 */
export async function setIssueSegment(prisma: Database, raw: unknown): Promise<SetSegmentResult> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { issueId, match } = parsed.data;
  const tagIds = [...new Set(parsed.data.tagIds)];
  const issue = await prisma.issue.findUnique({ where: { id: issueId }, select: { publicationId: true, channel: true, status: true } });
  if (!issue) return { ok: false, reason: "not-found" };
  // The tags are held (FOR SHARE) until the issue names them: a tag deleted meanwhile is deleted before this
  // (and is unknown here) or after (and deleteTag, which locks the tag first, then sees this issue name it).
  const stored = await prisma.$transaction(async (tx) => {
    const known = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Tag" WHERE "publicationId" = ${issue.publicationId} AND "id" = ANY(${tagIds}::text[]) ORDER BY "id" FOR SHARE`;
    if (known.length !== tagIds.length) return "unknown-tag" as const;
    const { count } = await tx.issue.updateMany({ where: { id: issueId, status: { in: ["draft", "scheduled"] } }, data: { audienceTagIds: tagIds, audienceMatch: match } });
    return count === 0 ? ("not-editable" as const) : ("stored" as const);
  });
  if (stored === "unknown-tag") return { ok: false, reason: "unknown-tag" };
  if (stored === "not-editable") return { ok: false, reason: "not-editable", status: issue.status };
  return { ok: true, recipients: await countRecipients(prisma, { publicationId: issue.publicationId, audienceTagIds: tagIds, audienceMatch: match, channel: issue.channel }) };
}
