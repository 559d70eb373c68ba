/**
 * `text` to be matched as it is by Prisma's `contains`, `startsWith` and `endsWith`, which hand it to
 * PostgreSQL's (I)LIKE unescaped: a search for "%" would match every row, and "_" any one character.
 * Backslash is LIKE's default escape character.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
