import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentActor } from "@/lib/auth/current-actor";
import { db } from "@/lib/db/client";
import { isSetupOpen } from "@/lib/team/create-owner";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

type Props = { searchParams: Promise<{ email?: string; error?: string; welcome?: string; notice?: string; callbackUrl?: string; via?: string }> };

const ERRORS: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an account.",
  RateLimited: "Too many attempts. Wait a few minutes and try again.",
  Verification: "That sign-in link has expired or was already used. Ask for a new one.",
  AccessDenied: "That address cannot sign in here.",
};

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  if (await isSetupOpen(db())) redirect("/setup");
  if (await currentActor()) redirect("/editor");
  const error = params.error ? (ERRORS[params.error] ?? "Sign-in failed. Try again.") : undefined;
  return (
    <div className="auth-card">
      <h1>Sign in</h1>
      {params.welcome ? <p className="notice">Your owner account is ready. Sign in with it.</p> : null}
      {params.notice === "password-changed" ? <p className="notice">Your password is changed, and every session that used the old one has ended. Sign in with the new password.</p> : null}
      {params.via === "link" ? <p className="notice">Welcome. Ask for a sign-in link below: it comes to this address, and you can set a password once you are in.</p> : null}
      <SignInForm initialEmail={params.email ?? ""} initialError={error} callbackUrl={safeCallback(params.callbackUrl)} initialMode={params.via === "link" ? "link" : "password"} />
    </div>
  );
}

/** Only paths inside the editor: an open redirect would make our sign-in page a phishing tool. */
function safeCallback(url: string | undefined): string {
  return url && /^\/editor(\/|$|\?)/.test(url) ? url : "/editor";
}
