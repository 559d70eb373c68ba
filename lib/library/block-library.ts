import { z } from "zod";
import type { Prisma } from "../db/generated/client";
import type { Database } from "../db/client";
import { isUniqueViolation } from "../db/unique-violation.ts";
import { authorize, type Actor } from "../auth/permissions.ts";
import { parseBlocks } from "../blocks/parse-blocks.ts";
import type { Block } from "../blocks/registry.ts";
import { invalid, type Invalid } from "../forms/field-errors.ts";
import { getPublication } from "../publication/get-publication.ts";
import { withChannelsOf } from "../issues/channel.ts";

const name = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");

export type LibraryResult = { ok: true; id: string } | { ok: false; reason: "name-taken" | "no-publication" } | Invalid;

/** Saves a block under a name; inserting it later makes a copy, so editing an issue never changes the library. */
export async function saveBlockToLibrary(prisma: Database, actor: Actor, raw: { name: unknown; block: unknown }): Promise<LibraryResult> {
  authorize(actor, "library.write");
  const parsedName = name.safeParse(raw.name);
  if (!parsedName.success) return invalid(parsedName.error);
  const blocks = parseBlocks([raw.block]);
  if (!blocks.ok || !blocks.blocks[0]) return { ok: false, reason: "invalid", fieldErrors: { block: blocks.ok ? "is missing" : (blocks.problems[0]?.message ?? "is not a valid block") } };
  const publication = await getPublication(prisma);
  if (!publication) return { ok: false, reason: "no-publication" };
  const block = blocks.blocks[0];
  const created = await prisma.savedBlock
    .create({ data: { publicationId: publication.id, name: parsedName.data, type: block.type, data: block.data as Prisma.InputJsonValue, createdById: actor.id }, select: { id: true } })
    .catch((error: unknown) => (isUniqueViolation(error) ? null : Promise.reject(error)));
  return created ? { ok: true, id: created.id } : { ok: false, reason: "name-taken" };
}

export async function listLibrary(prisma: Database) {
  const rows = await prisma.savedBlock.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, type: true, data: true, createdAt: true, createdBy: { select: { name: true, email: true } } } });
  // Rows whose data no longer fits its type's schema are left out rather than offered broken.
  return rows.flatMap((row) => {
    const parsed = parseBlocks([{ type: row.type, data: row.data }]);
    return parsed.ok && parsed.blocks[0] ? [{ ...row, block: parsed.blocks[0] as Block }] : [];
  });
}

export async function deleteFromLibrary(prisma: Database, actor: Actor, { id }: { id: string }): Promise<boolean> {
  authorize(actor, "library.delete");
  const { count } = await prisma.savedBlock.deleteMany({ where: { id } });
  return count === 1;
}

/** Saves an issue's blocks as a named template for new issues. */
export async function saveTemplate(prisma: Database, actor: Actor, input: { name: unknown; blocks: unknown }): Promise<LibraryResult> {
  authorize(actor, "templates.manage");
  const parsedName = name.safeParse(input.name);
  if (!parsedName.success) return invalid(parsedName.error);
  const blocks = parseBlocks(input.blocks);
  if (!blocks.ok) return { ok: false, reason: "invalid", fieldErrors: { blocks: blocks.problems[0]?.message ?? "are not valid" } };
  const publication = await getPublication(prisma);
  if (!publication) return { ok: false, reason: "no-publication" };
  // Where each block appears is part of a template: an email-only sponsor slot must not reach the web in every issue made from it.
  const data = withChannelsOf(
    input.blocks,
    blocks.blocks.map(({ type, data }) => ({ type, data })),
  ) as Prisma.InputJsonValue;
  const created = await prisma.issueTemplate
    .create({ data: { publicationId: publication.id, name: parsedName.data, blocks: data }, select: { id: true } })
    .catch((error: unknown) => (isUniqueViolation(error) ? null : Promise.reject(error)));
  return created ? { ok: true, id: created.id } : { ok: false, reason: "name-taken" };
}

export async function listTemplates(prisma: Database) {
  return prisma.issueTemplate.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, blocks: true, updatedAt: true } });
}

export async function renameTemplate(prisma: Database, actor: Actor, raw: { id: string; name: unknown }): Promise<LibraryResult | { ok: false; reason: "not-found" }> {
  authorize(actor, "templates.manage");
  const parsedName = name.safeParse(raw.name);
  if (!parsedName.success) return invalid(parsedName.error);
  const updated = await prisma.issueTemplate
    .updateMany({ where: { id: raw.id }, data: { name: parsedName.data } })
    .catch((error: unknown) => (isUniqueViolation(error) ? null : Promise.reject(error)));
  if (!updated) return { ok: false, reason: "name-taken" };
  return updated.count === 1 ? { ok: true, id: raw.id } : { ok: false, reason: "not-found" };
}

export async function deleteTemplate(prisma: Database, actor: Actor, { id }: { id: string }): Promise<boolean> {
  authorize(actor, "templates.manage");
  const { count } = await prisma.issueTemplate.deleteMany({ where: { id } });
  return count === 1;
}
