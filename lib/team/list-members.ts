import type { Database } from "../db/client";

export async function listMembers(prisma: Database) {
  return prisma.user.findMany({
    orderBy: [{ createdAt: "asc" }],
    select: { id: true, email: true, name: true, role: true, createdAt: true, emailVerified: true, passwordHash: true },
  }).then((users) => users.map(({ passwordHash, ...user }) => ({ ...user, hasPassword: passwordHash !== null })));
}
