import { z } from "zod";
import type { Actor } from "../auth/permissions.ts";
import type { Database } from "../db/client";
import { getPublication } from "../publication/get-publication.ts";
import { findImageUses, type ImageUse } from "./find-image-uses.ts";

export type DeleteImageResult = { ok: true } | { ok: false; reason: "invalid" | "not-found" | "in-use"; message: string; uses?: ImageUse[] };

const NOT_AN_ID = "is not an uploaded image's id";
const Input = z.object({ id: z.string({ error: NOT_AN_ID }).regex(/^[0-9a-f]{64}$/, NOT_AN_ID) });

/** "issue #12 “Title” (sent)", "the saved block “Logo”", "the template “Weekly”", "the logo in Settings". */
export function describeImageUse(use: ImageUse): string {
  if (use.kind === "issue") return `issue #${use.number} “${use.title}” (${use.status.replace("_", " ")})`;
  if (use.kind === "logo") return "the logo in Settings";
  return use.kind === "saved-block" ? `the saved block “${use.name}”` : `the template “${use.name}”`;
}

/**
 * Deletes an upload for good: its URL answers 404 from then on, in the site
 * and in emails already delivered (an image someone should not have uploaded
 * must be able to go). Refused while an issue's blocks, a saved block or a
 * template still show it, naming them, so no draft or page loses a picture by
 * surprise: a sent issue's picture goes first by a correction. Browsers that
 * already loaded it keep their copy (it was served as immutable).
 */
export async function deleteImage(prisma: Database, _actor: Actor, input: unknown): Promise<DeleteImageResult> {
  const parsed = Input.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid", message: `The image ${parsed.error.issues[0]?.message ?? "is not valid"}.` };
  const { id } = parsed.data;
  const publication = await getPublication(prisma);
  if (!publication) return { ok: false, reason: "not-found", message: "That image no longer exists." };
  const publicationId = publication.id;
  // The check and the delete as one: the lock waits for saves under way (a draft that has just been given this
  // image) and holds new ones back for the few milliseconds this takes, so no save lands between the two.
  // SHARE ROW EXCLUSIVE lets reads and row locks through (the site, foreign keys); only writes to these wait.
  const outcome = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`LOCK TABLE "Block", "SavedBlock", "IssueTemplate", "Publication", "IssueKeptEdit" IN SHARE ROW EXCLUSIVE MODE`;
    const uses = (await findImageUses(tx, publicationId, id)).get(id) ?? [];
    if (uses.length > 0) return { uses, count: 0 };
    return { uses, count: (await tx.mediaFile.deleteMany({ where: { id, publicationId } })).count };
  });
  const { uses, count } = outcome;
  if (uses.length > 0) {
    const named = uses.slice(0, 3).map(describeImageUse).join(", ") + (uses.length > 3 ? ` and ${uses.length - 3} more` : "");
    const sent = uses.some((use) => use.kind === "issue" && ["sent", "partially_failed", "sending"].includes(use.status));
    return { ok: false, reason: "in-use", message: `It is still shown in ${named}. Take it out there first${sent ? " (a sent issue's web version, by a correction)" : ""}.`, uses };
  }
  return count === 1 ? { ok: true } : { ok: false, reason: "not-found", message: "That image no longer exists." };
}
