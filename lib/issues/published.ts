import type { Prisma } from "../db/generated/client";
import { resolveMergeFieldsForWeb } from "../email/merge-fields.ts";

/**
 * Issues readers may see: sent (fully or partly) and published. Drafts, scheduled
 * and canceled issues never are, nor are email-only ones.
 */
export const PUBLISHED_ISSUE = { status: { in: ["sent", "partially_failed"] }, publishedAt: { not: null }, channel: { not: "email_only" } } satisfies Prisma.IssueWhereInput;

/** The blocks of a published issue that the web shows (Prisma's `where` for its `blocks` relation). */
export const WEB_BLOCK = { channel: { not: "email_only" } } satisfies Prisma.BlockWhereInput;

/** An issue's reader-facing text with `{{name|there}}` greetings resolved for nobody in particular. */
export function issueTextForWeb<T extends { title: string; preheader?: string }>(issue: T): T {
  return { ...issue, title: resolveMergeFieldsForWeb(issue.title), ...(issue.preheader !== undefined ? { preheader: resolveMergeFieldsForWeb(issue.preheader) } : {}) };
}

/** Every string in block data, resolved the same way (the web has no recipient). */
export function blockDataForWeb<T>(data: T): T {
  if (typeof data === "string") return resolveMergeFieldsForWeb(data) as T;
  if (Array.isArray(data)) return data.map(blockDataForWeb) as T;
  if (data && typeof data === "object") return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, blockDataForWeb(value)])) as T;
  return data;
}

/** A web version's blocks (the published page, the composer's web preview), each one's data resolved as above. */
export function blocksForWeb<B extends { data: unknown }>(blocks: readonly B[]): B[] {
  return blocks.map((block) => ({ ...block, data: blockDataForWeb(block.data) }) as B);
}
