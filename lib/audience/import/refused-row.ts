/**
 * Why the database refused an import's rows, said for the editor, or null when
 * the error is not about the data. Only SQLSTATE classes 21 (cardinality), 22
 * (data exception) and 23 (integrity constraint) are the rows' fault: a lost
 * connection, a full disk or a server shutting down says nothing about a row,
 * and must not turn good rows into row errors.
 */
export function refusedRowReason(error: unknown): string | null {
  const code = sqlStateOf(error);
  if (!code || !["21", "22", "23"].includes(code.slice(0, 2))) return null;
  return `the database refused this row: ${REASONS[code] ?? (code.startsWith("23") ? "it breaks one of the subscriber list's rules" : "a value in it is not one the database can store")}`;
}

const REASONS: Record<string, string> = {
  // The only dates in the statement are the created dates.
  "22007": "its created date is out of the range it stores",
  "22008": "its created date is out of the range it stores",
  "22001": "a value in it is too long",
  "22021": "it holds a character the database cannot store",
  "22P05": "it holds a character the database cannot store",
  // The statement's foreign keys are the publication's (deleted with its jobs) and the tags'.
  "23503": "a tag it names was deleted while the import ran",
};

/**
 * Whether the rows were refused for a tag deleted since the import read its id (an editor deleting it
 * meanwhile): the rows are not at fault, and are written again with the tags as they are now.
 */
export function isDeletedTagError(error: unknown): boolean {
  return sqlStateOf(error) === "23503";
}

/**
 * The Postgres error code: a raw query that failed is Prisma's P2010, which
 * keeps the pg adapter's error, and its code, in `meta.driverAdapterError`.
 * Errors from pg itself carry the code directly.
 */
function sqlStateOf(error: unknown): string | null {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta?.driverAdapterError?.cause;
  const code = cause?.originalCode ?? (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}
