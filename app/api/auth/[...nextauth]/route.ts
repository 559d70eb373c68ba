import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/auth-options";
import { db } from "@/lib/db/client";
import { clientIp } from "@/lib/http/client-ip";
import { consumeRateLimit } from "@/lib/rate-limit/consume-rate-limit";

type Context = { params: Promise<{ nextauth: string[] }> };

/** Per address, across both ways to sign in; per account limits live in lib/auth. */
const SIGN_IN_ATTEMPTS_PER_IP = { limit: 30, windowMs: 15 * 60_000 };

function handle(request: NextRequest, context: Context) {
  return NextAuth(request, context, authOptions());
}

export function GET(request: NextRequest, context: Context) {
  return handle(request, context);
}

export async function POST(request: NextRequest, context: Context) {
  const { nextauth } = await context.params;
  const signingIn = nextauth[0] === "signin" || (nextauth[0] === "callback" && nextauth[1] === "credentials");
  if (signingIn) {
    const limit = await consumeRateLimit(db(), { key: `sign-in:ip:${clientIp(request.headers)}`, ...SIGN_IN_ATTEMPTS_PER_IP });
    if (!limit.allowed) {
      return Response.json({ error: "Too many sign-in attempts. Try again later.", url: "/sign-in?error=RateLimited" }, { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } });
    }
  }
  return handle(request, context);
}
