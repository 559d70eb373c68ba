import type { Prisma } from "../db/generated/client";
import type { Database } from "../db/client";
import { authorOf, authorize, can, type Actor } from "../auth/permissions.ts";
import type { ContentProblem } from "../blocks/parse-blocks.ts";
import { parseIssueContent, slugForTitle, type IssueContent } from "./issue-content.ts";
import { keepInvalidEdit } from "./keep-invalid-edit.ts";
import { loadIssueContent } from "./load-issue-content.ts";
import { indexIssue } from "../search/index-issue.ts";

/** Saves by one person within this long coalesce into one revision. */
export const REVISION_COALESCE_MS = 10 * 60_000;

export type SaveIssueInput = {
  issueId: string;
  expectedVersion: number;
  title: unknown;
  preheader: unknown;
  channel?: unknown;
  topics?: unknown;
  blocks: unknown;
  /** Refuse a scheduled issue too (the HTTP API: a change to what goes out at its time needs a person). */
  draftOnly?: boolean;
  /** The composer's autosave: content that fails the checks is kept beside the issue (keep-invalid-edit.ts). */
  keepIfInvalid?: boolean;
};

export type SaveIssueResult =
  | { ok: true; version: number; savedAt: Date }
  /** `kept`: the content was kept beside the issue, to be fixed from any device (keep-invalid-edit.ts). */
  | { ok: false; reason: "invalid"; problems: ContentProblem[]; kept?: boolean }
  | { ok: false; reason: "not-found" }
  | { ok: false; reason: "not-editable"; status: string }
  /** Someone saved since this editor loaded: their content comes back, so the editor can choose. */
  | { ok: false; reason: "conflict"; current: IssueContent & { version: number; updatedAt: Date } };

/**
 * Replaces an issue's title, preheader and blocks, if `expectedVersion` is
 * still the stored version. Optimistic concurrency: a save built on an older
 * version is refused with the newer content, never applied over it.
 */
export async function saveIssue(prisma: Database, actor: Actor, input: SaveIssueInput): Promise<SaveIssueResult> {
  authorize(actor, "issue.write");
  const parsed = parseIssueContent(input);
  if (!parsed.ok) {
    if (!input.keepIfInvalid || parsed.problems.some((problem) => problem.blockIndex === null && problem.path.length === 0)) {
      // Not the composer's, or the content as a whole is at fault (too large, not a list of blocks): nothing to keep.
      return { ok: false, reason: "invalid", problems: parsed.problems };
    }
    const { title, preheader, channel, topics, blocks } = input;
    const content = JSON.parse(JSON.stringify({ title, preheader, channel, topics, blocks })) as Prisma.InputJsonValue;
    const kept = await keepInvalidEdit(prisma, actor, { issueId: input.issueId, expectedVersion: input.expectedVersion, content, problems: parsed.problems });
    return { ok: false, reason: "invalid", problems: parsed.problems, kept };
  }
  return writeIssueContent(prisma, actor, {
    issueId: input.issueId,
    expectedVersion: input.expectedVersion,
    content: parsed.content,
    draftOnly: input.draftOnly === true,
    replacesKeptEdit: input.keepIfInvalid === true,
  });
}

/** The write itself, shared with restoring a revision. */
export async function writeIssueContent(
  prisma: Database,
  actor: Actor,
  {
    issueId,
    expectedVersion,
    content,
    now = new Date(),
    coalesce = true,
    correction,
    draftOnly = false,
    replacesKeptEdit = false,
  }: {
    issueId: string;
    expectedVersion: number;
    content: IssueContent;
    now?: Date;
    coalesce?: boolean;
    /** A correction writes to a published issue (and only to one), and records the note readers see. */
    correction?: { note: string };
    draftOnly?: boolean;
    /**
     * The composer's save, which holds the edits kept because they failed the checks (they are what it
     * shows), so its valid save replaces them. Any other write (the API, a restore) leaves them: built on
     * an older version now, they come back to the composer as a conflict to settle, not lost unseen.
     */
    replacesKeptEdit?: boolean;
  },
): Promise<Exclude<SaveIssueResult, { reason: "invalid" }>> {
  return prisma.$transaction(async (tx) => {
    const [issue] = await tx.$queryRaw<{ id: string; status: string; version: number; number: number; publishedAt: Date | null; slug: string }[]>`
      SELECT "id", "status", "version", "number", "publishedAt", "slug" FROM "Issue" WHERE "id" = ${issueId} FOR UPDATE`;
    if (!issue) return { ok: false as const, reason: "not-found" as const };
    const published = (issue.status === "sent" || issue.status === "partially_failed") && issue.publishedAt !== null;
    const editable = correction ? published : issue.status === "draft" || (issue.status === "scheduled" && !draftOnly && can(actor.role, "issue.editScheduled"));
    if (!editable) return { ok: false as const, reason: "not-editable" as const, status: issue.status };
    if (issue.version !== expectedVersion) {
      const current = await loadIssueContent(tx, issueId);
      if (!current) return { ok: false as const, reason: "not-found" as const };
      return { ok: false as const, reason: "conflict" as const, current };
    }
    const version = issue.version + 1;
    // Topics are the publication's tags; an id that is not one (deleted meanwhile, or forged) is dropped.
    const wanted = [...new Set([...(content.topics ?? []), ...content.blocks.flatMap((block) => block.topics ?? [])])];
    const known = new Set(
      wanted.length ? (await tx.tag.findMany({ where: { id: { in: wanted }, publication: { issues: { some: { id: issueId } } } }, select: { id: true } })).map((tag) => tag.id) : [],
    );
    await tx.issue.update({
      where: { id: issueId },
      data: {
        title: content.title,
        preheader: content.preheader,
        slug: issue.publishedAt ? issue.slug : slugForTitle(content.title, issue.number),
        version,
        ...(content.channel ? { channel: content.channel } : {}),
      },
    });
    if (content.topics) {
      await tx.issueTag.deleteMany({ where: { issueId } });
      await tx.issueTag.createMany({ data: content.topics.filter((id) => known.has(id)).map((tagId) => ({ issueId, tagId })) });
    }
    await tx.block.deleteMany({ where: { issueId } });
    // The composer's valid content stands for its latest: edits kept because they failed the checks are past.
    if (replacesKeptEdit) await tx.issueKeptEdit.deleteMany({ where: { issueId } });
    await tx.block.createMany({
      data: content.blocks.map((block, position) => ({
        issueId,
        position,
        type: block.type,
        data: block.data as Prisma.InputJsonValue,
        channel: block.channel ?? "everywhere",
        topics: (block.topics ?? []).filter((id) => known.has(id)),
      })),
    });
    await recordRevision(tx, { issueId, version, content, author: authorOf(actor), now, coalesce: coalesce && !correction });
    if (correction) {
      await tx.issueCorrection.create({ data: { issueId, note: correction.note, authorId: authorOf(actor).authorId, createdAt: now } });
      await indexIssue(tx, issueId);
    }
    return { ok: true as const, version, savedAt: now };
  });
}

async function recordRevision(
  tx: Prisma.TransactionClient,
  {
    issueId,
    version,
    content,
    author,
    now,
    coalesce,
  }: { issueId: string; version: number; content: IssueContent; author: ReturnType<typeof authorOf>; now: Date; coalesce: boolean },
) {
  const snapshot = { version, title: content.title, preheader: content.preheader, blocks: content.blocks as Prisma.InputJsonValue };
  const latest = await tx.issueRevision.findFirst({ where: { issueId }, orderBy: { updatedAt: "desc" }, select: { id: true, authorId: true, apiKeyId: true, createdAt: true, version: true } });
  // A sitting of one person is one revision; it is measured from its first save, so a long sitting still yields several.
  // Never into the creation revision (version 1: the template or import as it came), and never for a
  // restore, which would otherwise overwrite the very sitting it replaces.
  const sameAuthor = latest && (author.apiKeyId ? latest.apiKeyId === author.apiKeyId : latest.authorId === author.authorId);
  const sameSitting = latest && sameAuthor && latest.version > 1 && now.getTime() - latest.createdAt.getTime() < REVISION_COALESCE_MS;
  if (coalesce && sameSitting) {
    await tx.issueRevision.update({ where: { id: latest.id }, data: { ...snapshot, updatedAt: now } });
  } else {
    await tx.issueRevision.create({ data: { issueId, ...author, ...snapshot, createdAt: now, updatedAt: now } });
  }
}
