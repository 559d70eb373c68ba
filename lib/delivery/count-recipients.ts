import type { Database } from "../db/client";

/** Who a send started now would reach: the same rule as the snapshot in startSend (active subscribers). */
export async function countRecipients(prisma: Database, { publicationId }: { publicationId: string }): Promise<number> {
  return prisma.subscriber.count({ where: { publicationId, status: "active" } });
}
