import { createHash } from "node:crypto";
import type { Prisma } from "../db/generated/client";
import type { Database } from "../db/client";
import { slugify } from "../blocks/ids.ts";

/** Tag names as people type them: trimmed, inner spaces collapsed, at most 60 characters (the CHECK's limit). */
export function normalizeTagName(name: string): string {
  return name.trim().replace(/\s+/g, " ").slice(0, 60).trim();
}

/**
 * The slug that identifies a tag within its publication: "Machine Learning" and "machine-learning" are one tag.
 * A name with letters of another script than Latin ("Новости", "機械学習", "AI Новости") has a slug made
 * from a hash of its lower-case form (12 hex digits, after its Latin part or "tag-"), so it is a tag like
 * any other, in a topic's address too; a name with no letter or digit in any script ("!!!") has none, and
 * is refused.
 */
export function tagSlug(name: string): string {
  const normalized = normalizeTagName(name);
  const latin = slugify(normalized, "", 60);
  // Letters of another script than Latin: the Latin slug alone would make "Новости 2024" and "Спорт 2024"
  // one tag ("2024"), and "AI Новости" the tag "AI". The hash tells them apart; the Latin part stays readable.
  const otherScript = [...normalized].some((char) => /\p{L}/u.test(char) && !/\p{Script=Latin}/u.test(char));
  if (!otherScript) return latin;
  const hash = createHash("sha256").update(normalized.normalize("NFKC").toLowerCase()).digest("hex").slice(0, 12);
  return latin ? `${latin.slice(0, 47).replace(/-+$/, "")}-${hash}` : `tag-${hash}`;
}

/**
 * The ids of tags with these names, creating the missing ones (private, as a
 * label on subscribers; an editor makes one public to turn it into a topic).
 * Names that slug to nothing ("!!!") are left out: callers refuse them first. Safe under concurrency:
 * an insert that races another one is a no-op and the row is read back.
 */
export async function ensureTags(prisma: Database | Prisma.TransactionClient, publicationId: string, names: string[]): Promise<Map<string, string>> {
  const bySlug = new Map<string, string>();
  for (const raw of names) {
    const name = normalizeTagName(raw);
    const slug = tagSlug(name);
    if (slug && !bySlug.has(slug)) bySlug.set(slug, name);
  }
  const slugs = [...bySlug.keys()];
  if (slugs.length === 0) return new Map();
  await prisma.tag.createMany({ data: slugs.map((slug) => ({ publicationId, slug, name: bySlug.get(slug)! })), skipDuplicates: true });
  const rows = await prisma.tag.findMany({ where: { publicationId, slug: { in: slugs } }, select: { id: true, slug: true } });
  return new Map(rows.map((row) => [row.slug, row.id]));
}
