/** Did the write fail on a unique index (Prisma's P2002, which the pg adapter maps Postgres's 23505 to)? */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
