import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { db } from "@/lib/db/client";
import { isSetupOpen } from "@/lib/team/create-owner";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up", robots: { index: false } };

/** First run only: once a member exists, setup is closed and this page sends people to sign in. */
export default async function SetupPage() {
  if (!(await isSetupOpen(db()))) redirect("/sign-in");
  return (
    <div className="auth-card">
      <h1>Welcome</h1>
      <p className="muted">Create the owner account. The owner manages the team and the publication&apos;s settings.</p>
      <SetupForm />
    </div>
  );
}
