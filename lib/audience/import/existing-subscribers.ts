import type { Database } from "../../db/client";
import type { SubscriberStatus } from "../../db/generated/enums";

export type Existing = { id: string; status: SubscriberStatus; source: string };

/** The publication's subscribers with these lower-cased addresses, by address (one query, on the case-insensitive unique index). */
export async function existingSubscribers(prisma: Database, publicationId: string, keys: string[]): Promise<Map<string, Existing>> {
  if (keys.length === 0) return new Map();
  const rows = await prisma.$queryRaw<(Existing & { key: string })[]>`
    SELECT lower("email") AS "key", "id", "status"::text AS "status", "source" FROM "Subscriber"
    WHERE "publicationId" = ${publicationId} AND lower("email") = ANY(${keys}::text[])`;
  return new Map(rows.map(({ key, ...row }) => [key, row]));
}
