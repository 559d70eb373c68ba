import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// Prisma runs with its JavaScript engine (see ../shared/prisma-offline.md): no
// engine binaries to download. Run the CLI through `npm run db:*` or
// `tsx scripts/prisma.ts …`, which resolve DATABASE_URL the way the app does
// (a server URL, or the embedded database).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      throw new Error("DATABASE_URL is not set. Run Prisma through `npm run db:migrate` (or `tsx scripts/prisma.ts`).");
    }
    return new PrismaPg({ connectionString });
  },
});
