import type { Metadata } from "next";
import Link from "next/link";
import { findDevelopmentSignInLink } from "@/lib/auth/find-development-sign-in-link";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Check your email", robots: { index: false } };

type Props = { searchParams: Promise<{ email?: string }> };

/** The same words whether or not the address belongs to a member. */
export default async function CheckEmailPage({ searchParams }: Props) {
  const { email: asked = "" } = await searchParams;
  // The address comes from the URL: echo only something shaped like one, so a crafted link cannot put a sentence here.
  const email = /^[^\s@]{1,64}@[^\s@]{1,253}$/.test(asked) ? asked : "";
  const developmentLink = await findDevelopmentSignInLink(db(), email);
  return (
    <div className="auth-card">
      <h1>Check your email</h1>
      <p>If {email ? <strong>{email}</strong> : "that address"} belongs to a member of the team, a sign-in link is on its way. It works once, for 15 minutes.</p>
      {developmentLink ? (
        <div className="notice">
          <p>
            <strong>Development outbox.</strong> Mail goes to the built-in outbox, so here is the link that was &ldquo;sent&rdquo;:
          </p>
          <p>
            <a href={developmentLink}>Open the sign-in link</a>
          </p>
        </div>
      ) : null}
      <p>
        <Link href="/sign-in">Back to sign in</Link>
      </p>
    </div>
  );
}
