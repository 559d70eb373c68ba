import type { Database } from "../db/client";

/**
 * One installation serves one publication (the schema allows more, for later).
 * Returns the first one created, or null before setup.
 */
export async function getPublication(prisma: Database) {
  return prisma.publication.findFirst({ orderBy: { createdAt: "asc" } });
}
