import { afterAll, beforeAll } from "vitest";
import { disconnectTestDb, resetDatabase } from "./db";

// Every test file starts from an empty database.
beforeAll(resetDatabase);
afterAll(disconnectTestDb);
