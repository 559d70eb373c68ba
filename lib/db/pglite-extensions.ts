import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";

/**
 * The Postgres extensions the schema uses (`CREATE EXTENSION` in
 * prisma/constraints.sql). PGlite has no extension directory to find them in,
 * so every PGlite this project opens (the embedded database, the tests' and the
 * benchmarks') loads them from here; a server Postgres has them in its contrib
 * package.
 */
export const PGLITE_EXTENSIONS = { pg_trgm, unaccent };
