import fs from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "../config";
import { PrismaClient } from "./generated/client";

export type Database = PrismaClient;

export function createPrismaClient(connectionString: string, options: { poolSize?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: options.poolSize ?? 10 }) });
}

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

/**
 * The process-wide client. The launcher (`npm run dev` / `npm start`) always
 * sets DATABASE_URL, pointing at the embedded server when no other was given.
 */
export function db(): PrismaClient {
  if (!globalForPrisma.prisma) {
    const { DATABASE_URL: url, DATABASE_POOL_SIZE: poolSize } = config();
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set. Start the app with `npm run dev` or `npm start`, which start the embedded database, or set DATABASE_URL.",
      );
    }
    // Kept on globalThis so that Next's dev reloads do not open a new pool each time.
    globalForPrisma.prisma = createPrismaClient(url, { poolSize });
    const queryLog = process.env.DATABASE_QUERY_LOG;
    if (queryLog) logQueries(globalForPrisma.prisma, queryLog);
  }
  return globalForPrisma.prisma;
}

/**
 * DATABASE_QUERY_LOG=<file>: the app's client appends one line per query to the file. For
 * tests that prove a cached page makes no query (tests/e2e/site-cache.e2e.test.ts); off by default.
 */
function logQueries(client: PrismaClient, file: string) {
  const logged = client.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        fs.appendFileSync(file, `${new Date().toISOString()} ${model ?? "raw"}.${operation}\n`);
        return query(args);
      },
    },
  });
  globalForPrisma.prisma = logged as unknown as PrismaClient;
}
