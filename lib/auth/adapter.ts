import type { Adapter, AdapterUser } from "next-auth/adapters";
import type { Database } from "../db/client";

/**
 * What next-auth needs from the database for email links and JWT sessions:
 * users and verification tokens. People join only through setup or an
 * invitation, so the adapter never creates users: an email link is sent only
 * to an existing member (see sendSignInLink), and `createUser` refuses.
 */
export function createAuthAdapter(prisma: Database): Adapter {
  const toAdapterUser = (user: { id: string; email: string; name: string | null; emailVerified: Date | null }): AdapterUser => ({
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerified,
  });
  return {
    async createUser() {
      throw new Error("Accounts are created by setup or by an invitation, not by signing in.");
    },
    async getUser(id) {
      const user = await prisma.user.findUnique({ where: { id } });
      return user ? toAdapterUser(user) : null;
    },
    async getUserByEmail(email) {
      const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
      return user ? toAdapterUser(user) : null;
    },
    async getUserByAccount() {
      return null;
    },
    async updateUser({ id, emailVerified, name }) {
      const user = await prisma.user.update({ where: { id }, data: { ...(emailVerified !== undefined ? { emailVerified } : {}), ...(name !== undefined ? { name } : {}) } });
      return toAdapterUser(user);
    },
    async linkAccount() {
      // Email links need no account row: the user's email is the account.
    },
    async createVerificationToken(token) {
      await prisma.verificationToken.create({ data: { ...token, identifier: token.identifier.trim().toLowerCase() } });
      return token;
    },
    async useVerificationToken({ identifier, token }) {
      // Delete-and-return makes a link single-use even when two clicks race.
      const rows = await prisma.$queryRaw<{ identifier: string; token: string; expires: Date }[]>`
        DELETE FROM "VerificationToken" WHERE "identifier" = ${identifier.trim().toLowerCase()} AND "token" = ${token}
        RETURNING "identifier", "token", "expires"`;
      return rows[0] ?? null;
    },
  };
}
