/** `npm run db:seed`: adds the demo content when the database has none. */
import { publicAppUrl } from "../lib/config";
import { createPrismaClient } from "../lib/db/client";
import { seedDemoContent } from "../lib/demo/seed-demo";
import { loadDotEnv } from "./lib/env";
import { withDatabaseUrl } from "./lib/with-database";

loadDotEnv();
await withDatabaseUrl(async (url) => {
  const prisma = createPrismaClient(url);
  try {
    const { created } = await seedDemoContent(prisma, { siteUrl: publicAppUrl() });
    console.log(created ? "Seeded the demo content." : "The database already has a publication; nothing seeded.");
  } finally {
    await prisma.$disconnect();
  }
});
