import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import EmailProvider from "next-auth/providers/email";
import { after } from "next/server";
import { db } from "../db/client";
import { clientIp } from "../http/client-ip.ts";
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
        async authorize(credentials, request) {
          const forwarded = request.headers?.["x-forwarded-for"];
          const ip = clientIp(new Headers(typeof forwarded === "string" ? { "x-forwarded-for": forwarded } : {}));
          const result = await signInWithPassword(prisma, { email: credentials?.email, password: credentials?.password, ip });
          if (result.ok) return result.user;
          // next-auth turns a thrown error into ?error=<message> on the sign-in page.
          throw new Error(result.reason === "rate-limited" ? "RateLimited" : "CredentialsSignin");
        },
      }),
      EmailProvider({
        maxAge: SIGN_IN_LINK_MAX_AGE_SECONDS,
        async sendVerificationRequest({ identifier, url }) {
          // After the response, and never failing it: members and strangers get the same answer in the same time.
          after(() => sendSignInLink(prisma, { email: identifier, url }).catch((error: unknown) => console.error("Sign-in link not sent:", error)));
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
        // `user` is there only at sign-in: authAt is when this session began, and stays so as the cookie is renewed.
        if (user) {
          token.sub = user.id;
          token.authAt = Date.now();
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: token.sub, authAt: typeof token.authAt === "number" ? token.authAt : 0 };
      },
    },
  };
}
