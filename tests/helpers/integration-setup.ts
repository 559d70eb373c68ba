import { afterAll, beforeAll, inject } from "vitest";
import { disconnectTestDb, resetDatabase } from "./db";

// Route handlers reach the database through db(), which reads DATABASE_URL.
process.env.DATABASE_URL = inject("databaseUrl");
if (inject("databaseKind") === "pglite") process.env.DATABASE_POOL_SIZE = "1";

// Every test file starts from an empty database.
beforeAll(resetDatabase);
afterAll(disconnectTestDb);
