import type { Database } from "../db/client";
import type { Prisma } from "../db/generated/client";

/*
 * Addresses are the same regardless of case, as the unique index on ("publicationId", lower("email"))
 * has it. They are compared here with lower() = lower(), never with Prisma's `equals` and
 * `mode: "insensitive"`: on Postgres that is ILIKE, with the address as its pattern, unescaped
 * (prisma/prisma#20318), so `_` and `%` in an address match any character, and `john_smith@…` found,
 * unsubscribed or erased john.smith@…. lower() = lower() also finds the row through that index.
 */

/** The publication's subscriber with this address, in any case; erased rows (counts, not people) only when asked. */
export async function findSubscriberIdByAddress(
  prisma: Database | Prisma.TransactionClient,
  { publicationId, email, includeErased = false }: { publicationId: string; email: string; includeErased?: boolean },
): Promise<string | null> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Subscriber"
    WHERE "publicationId" = ${publicationId} AND lower("email") = lower(${email}) AND (${includeErased} OR "source" <> 'erased')`;
  return rows[0]?.id ?? null;
}
