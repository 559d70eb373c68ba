import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import EmailProvider from "next-auth/providers/email";
import { db } from "../db/client";
import { createAuthAdapter } from "./adapter.ts";
import { SIGN_IN_LINK_MAX_AGE_SECONDS, sendSignInLink } from "./send-sign-in-link.ts";
import { signInWithPassword } from "./sign-in-with-password.ts";
import { signingSecret } from "./signing-secret.ts";

/** A week; the session is re-checked against the database on every request (see currentActor). */
const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/**
 * next-auth v4 (v5 is still beta). Sessions are JWTs in an httpOnly cookie,
 * `__Secure-` and Secure when the app runs on https. The token carries only
 * the user id: the role is read from the database each time, so a role
 * change or removal takes effect at once.
 */
export function authOptions(): NextAuthOptions {
  const prisma = db();
  return {
    secret: signingSecret(),
    adapter: createAuthAdapter(prisma),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const result = await signInWithPassword(prisma, { email: credentials?.email, password: credentials?.password });
          if (result.ok) return result.user;
          // next-auth turns a thrown error into ?error=<message> on the sign-in page.
          throw new Error(result.reason === "rate-limited" ? "RateLimited" : "CredentialsSignin");
        },
      }),
      EmailProvider({
        maxAge: SIGN_IN_LINK_MAX_AGE_SECONDS,
        async sendVerificationRequest({ identifier, url }) {
          // Not-a-member and rate-limited answer like "sent": the page must not tell who is on the team.
          await sendSignInLink(prisma, { email: identifier, url });
        },
      }),
    ],
    callbacks: {
      async signIn({ user, email }) {
        // For the email provider this runs before the link is sent; only members get as far as a session.
        if (email?.verificationRequest) return true;
        return Boolean(user?.id && (await prisma.user.findUnique({ where: { id: user.id }, select: { id: true } })));
      },
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: token.sub };
      },
    },
  };
}
