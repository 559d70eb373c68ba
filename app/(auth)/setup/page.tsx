import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { db } from "@/lib/db/client";
import { signingSecret } from "@/lib/auth/signing-secret";
import { config } from "@/lib/config";
import { isSetupOpen, setupNeedsPublication } from "@/lib/team/create-owner";
import { setupTokenAccepted } from "@/lib/team/setup-token";
import { timeZoneChoices } from "@/lib/time/time-zone-choices";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up", robots: { index: false } };

type Props = { searchParams: Promise<{ token?: string }> };

/** First run only: once a member exists, setup is closed and this page sends people to sign in. */
export default async function SetupPage({ searchParams }: Props) {
  if (!(await isSetupOpen(db()))) redirect("/sign-in");
  const { token } = await searchParams;
  if (!setupTokenAccepted(token, signingSecret())) {
    return (
      <div className="auth-card">
        <h1>Set up this publication</h1>
        <p>
          Setting up creates the owner account, so on a production server it needs the setup link the server printed in its log when it started (the line beginning <code>Set up the owner account:</code>).
          Restarting the server prints it again.
        </p>
      </div>
    );
  }
  const needsPublication = await setupNeedsPublication(db());
  return (
    <div className="auth-card">
      <h1>Welcome</h1>
      <p className="muted">
        {needsPublication
          ? "Name your publication and create the owner account. The owner manages the team and the publication’s settings; everything here can be changed later in Settings."
          : "Create the owner account. The owner manages the team and the publication’s settings."}
      </p>
      <SetupForm token={token ?? ""} publication={needsPublication ? { siteUrl: config().APP_URL, zones: timeZoneChoices() } : null} />
    </div>
  );
}
