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
  const known = await prisma.tag.count({ where: { publicationId: issue.publicationId, id: { in: tagIds } } });
  if (known !== tagIds.length) return { ok: false, reason: "unknown-tag" };
  const { count } = await prisma.issue.updateMany({ where: { id: issueId, status: { in: ["draft", "scheduled"] } }, data: { audienceTagIds: tagIds, audienceMatch: match } });
  if (count === 0) return { ok: false, reason: "not-editable", status: issue.status };
  return { ok: true, recipients: await countRecipients(prisma, { publicationId: issue.publicationId, audienceTagIds: tagIds, audienceMatch: match, channel: issue.channel }) };
}
