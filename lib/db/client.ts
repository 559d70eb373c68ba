import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "../config";
import { PrismaClient } from "./generated/client";

export type Database = PrismaClient;

export function createPrismaClient(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

/**
 * The process-wide client. The launcher (`npm run dev` / `npm start`) always
 * sets DATABASE_URL, pointing at the embedded server when no other was given.
 */
export function db(): PrismaClient {
  if (!globalForPrisma.prisma) {
    const url = config().DATABASE_URL;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set. Start the app with `npm run dev` or `npm start`, which start the embedded database, or set DATABASE_URL.",
      );
    }
    // Kept on globalThis so that Next's dev reloads do not open a new pool each time.
    globalForPrisma.prisma = createPrismaClient(url);
  }
  return globalForPrisma.prisma;
}
