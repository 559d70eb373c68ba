import type { Metadata } from "next";
import Link from "next/link";
import { SettingsForm } from "@/components/editor/settings-form";
import { colors } from "@/lib/email/styles";
import { requireActor } from "@/lib/auth/current-actor";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";
import { defaultWelcome, renderWelcomeEmail } from "@/lib/subscribers/welcome-email";
import { timeZoneChoices } from "@/lib/time/time-zone-choices";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireActor("settings.manage");
  const publication = await getPublication(db());
  if (!publication) return <p>No publication yet.</p>;
  const builtIn = defaultWelcome(publication);
  // What a new subscriber gets now, for a made-up reader; shown in a sandboxed frame like the composer's preview.
  const preview = await renderWelcomeEmail(publication, { name: "Ada", email: "ada@example.com" }, `${publication.siteUrl}/preferences?token=…`);
  return (
    <>
      <div className="page-head">
        <h1>Settings</h1>
        <div className="row">
          <Link href="/editor/settings/api-keys">API keys</Link>
          <Link href="/editor/settings/webhooks">Webhooks</Link>
        </div>
      </div>
      <SettingsForm
        saved={{
          name: publication.name,
          description: publication.description,
          siteUrl: publication.siteUrl,
          logoUrl: publication.logoUrl,
          accentColor: publication.accentColor,
          timezone: publication.timezone,
          senderName: publication.senderName,
          senderEmail: publication.senderEmail,
          replyTo: publication.replyTo ?? "",
          postalAddress: publication.postalAddress,
          welcomeSubject: publication.welcomeSubject,
          welcomeBody: publication.welcomeBody,
        }}
        zones={timeZoneChoices(publication.timezone)}
        builtIn={{ welcomeSubject: builtIn.subject, welcomeBody: builtIn.body, accentColor: colors.accent }}
      />
      <h2>Welcome email preview</h2>
      <p className="muted">
        As saved, for a reader named Ada. Subject: <strong>{preview.subject}</strong>
      </p>
      <iframe title="Welcome email preview" className="welcome-preview" sandbox="" srcDoc={preview.html} />
    </>
  );
}
