import type { Database } from "../db/client";

/** The publication's topics: its public tags, by name. */
export async function listTopics(prisma: Database, publicationId: string) {
  return prisma.tag.findMany({ where: { publicationId, isPublic: true }, orderBy: { name: "asc" }, select: { id: true, name: true, slug: true, description: true } });
}
