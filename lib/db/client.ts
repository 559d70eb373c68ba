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
  }
  return globalForPrisma.prisma;
}
