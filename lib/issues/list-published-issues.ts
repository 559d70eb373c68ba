import type { Database } from "../db/client";

/** Issues readers may see: sent (fully or partly) and published, newest first. */
export async function listPublishedIssues(prisma: Database, options: { publicationId: string; take?: number; skip?: number }) {
  return prisma.issue.findMany({
    where: {
      publicationId: options.publicationId,
      status: { in: ["sent", "partially_failed"] },
      publishedAt: { not: null },
    },
    orderBy: { number: "desc" },
    take: options.take ?? 20,
    skip: options.skip ?? 0,
    select: { id: true, number: true, title: true, slug: true, preheader: true, publishedAt: true },
  });
}
