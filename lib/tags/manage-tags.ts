import { z } from "zod";
import type { Database } from "../db/client";
import { invalid, type Invalid } from "../forms/field-errors.ts";
import { getPublication } from "../publication/get-publication.ts";
import { normalizeTagName, tagSlug } from "./ensure-tags.ts";

const checkbox = z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean());
const name = z
  .string()
  .transform(normalizeTagName)
  .pipe(z.string().min(1, "is required"))
  .refine((value) => tagSlug(value) !== "", "needs a letter or a digit");
const fields = z.object({
  name,
  /** A public tag is a topic: readers see its page and can choose it in the preference center. */
  isPublic: checkbox,
  description: z.string().trim().max(500, "must be at most 500 characters").default(""),
});

export type TagResult = { ok: true; id: string } | { ok: false; reason: "no-publication" | "not-found" } | { ok: false; reason: "name-taken"; message: string } | Invalid;
const NAME_TAKEN = { ok: false, reason: "name-taken", message: "A tag with that name already exists." } as const;

/** A new tag, private unless marked public. Names are unique per publication by their slug ("AI tools" = "ai-tools"). */
export async function createTag(prisma: Database, raw: unknown): Promise<TagResult> {
  const parsed = fields.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const publication = await getPublication(prisma);
  if (!publication) return { ok: false, reason: "no-publication" };
  const slug = tagSlug(parsed.data.name);
  const created = await prisma.tag.createManyAndReturn({ data: [{ publicationId: publication.id, slug, ...parsed.data }], skipDuplicates: true, select: { id: true } });
  return created[0] ? { ok: true, id: created[0].id } : NAME_TAKEN;
}

/**
 * Renames a tag, makes it public or private, and sets its description. The
 * slug follows the name (it is what imports match names by), so a topic's
 * page moves to the new slug.
 */
export async function updateTag(prisma: Database, raw: unknown): Promise<TagResult> {
  const parsed = fields.extend({ id: z.string().min(1) }).safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { id, ...data } = parsed.data;
  const tag = await prisma.tag.findUnique({ where: { id }, select: { publicationId: true } });
  if (!tag) return { ok: false, reason: "not-found" };
  const slug = tagSlug(data.name);
  const clash = await prisma.tag.findFirst({ where: { publicationId: tag.publicationId, slug, NOT: { id } }, select: { id: true } });
  if (clash) return NAME_TAKEN;
  try {
    await prisma.tag.update({ where: { id }, data: { ...data, slug } });
  } catch (error) {
    // A rename racing another to the same slug: the unique index decides.
    if (error instanceof Error && "code" in error && error.code === "P2002") return NAME_TAKEN;
    throw error;
  }
  return { ok: true, id };
}

export type DeleteTagResult = { ok: true } | { ok: false; reason: "not-found" } | { ok: false; reason: "scheduled"; message: string };

/**
 * Deletes a tag: its subscribers and issues lose it (foreign keys), and, in
 * the same transaction, blocks' topics and drafts' segments stop naming it.
 * Refused while a scheduled issue's segment names it: that issue would go out
 * unattended to a different audience (a draft's is seen again before its send).
 * The issues naming it are locked first, so an issue scheduled meanwhile is
 * either seen here or scheduled after the tag is gone from its segment. Sent
 * issues keep the id: their segment is the record of who they went to.
 */
export async function deleteTag(prisma: Database, { id }: { id: string }): Promise<DeleteTagResult> {
  return prisma.$transaction(async (tx) => {
    // The tag first: a segment naming it holds it (lib/tags/set-issue-segment.ts) until that issue is
    // stored, so the issues read next include it, and a scheduled one refuses the deletion.
    await tx.$queryRaw`SELECT "id" FROM "Tag" WHERE "id" = ${id} FOR UPDATE`;
    const naming = await tx.$queryRaw<{ number: number; status: string }[]>`
      SELECT "number", "status"::text AS "status" FROM "Issue" WHERE "audienceTagIds" @> ARRAY[${id}]::text[] ORDER BY "id" FOR UPDATE`;
    const scheduled = naming.find((issue) => issue.status === "scheduled");
    if (scheduled) return { ok: false as const, reason: "scheduled" as const, message: `Issue #${scheduled.number} is scheduled to go to this tag. Change its audience first.` };
    await tx.$executeRaw`UPDATE "Block" SET "topics" = array_remove("topics", ${id}) WHERE "topics" @> ARRAY[${id}]::text[]`;
    await tx.$executeRaw`UPDATE "Issue" SET "audienceTagIds" = array_remove("audienceTagIds", ${id}) WHERE "audienceTagIds" @> ARRAY[${id}]::text[] AND "status" = 'draft'`;
    const { count } = await tx.tag.deleteMany({ where: { id } });
    return count === 1 ? { ok: true as const } : { ok: false as const, reason: "not-found" as const };
  });
}

/** Every tag with how many subscribers carry it, for the tags page. */
export async function listTags(prisma: Database, publicationId: string) {
  const tags = await prisma.tag.findMany({
    where: { publicationId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, slug: true, isPublic: true, description: true, _count: { select: { subscribers: true } } },
  });
  return tags.map(({ _count, ...tag }) => ({ ...tag, subscribers: _count.subscribers }));
}
