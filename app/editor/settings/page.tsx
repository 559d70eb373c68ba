import type { Metadata } from "next";
import Link from "next/link";
import { updateSettingsAction } from "@/app/editor/actions";
import { AccentColorField } from "@/components/editor/accent-color-field";
import { LogoField } from "@/components/editor/logo-field";
import { colors } from "@/lib/email/styles";
import { requireActor } from "@/lib/auth/current-actor";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";
import { defaultWelcome, renderWelcomeEmail } from "@/lib/subscribers/welcome-email";

export const metadata: Metadata = { title: "Settings" };

type Props = { searchParams: Promise<{ saved?: string; error?: string }> };

export default async function SettingsPage({ searchParams }: Props) {
  await requireActor("settings.manage");
  const { saved, error } = await searchParams;
  const publication = await getPublication(db());
  if (!publication) return <p>No publication yet.</p>;
  const zones = Intl.supportedValuesOf("timeZone");
  const builtIn = defaultWelcome(publication);
  // What a new subscriber gets now, for a made-up reader; shown in a sandboxed frame like the composer's preview.
  const preview = await renderWelcomeEmail(publication, { name: "Ada", email: "ada@example.com" }, `${publication.siteUrl}/preferences?token=…`);
  return (
    <>
      <div className="page-head">
        <h1>Settings</h1>
        <Link href="/editor/settings/api-keys">API keys</Link>
      </div>
      {saved ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          Not saved: {error}
        </p>
      ) : null}
      <form action={updateSettingsAction} className="stack settings-form">
        <fieldset>
          <legend>Publication</legend>
          <TextInput name="name" label="Name" value={publication.name} required />
          <div className="field">
            <label htmlFor="description">Description</label>
            <textarea id="description" name="description" rows={3} defaultValue={publication.description} />
          </div>
          <TextInput name="siteUrl" label="Site URL" type="url" value={publication.siteUrl} required />
          <LogoField initial={publication.logoUrl} />
          <AccentColorField initial={publication.accentColor} builtIn={colors.accent} />
          <div className="field">
            <label htmlFor="timezone">Time zone (schedules and dates use it)</label>
            <select id="timezone" name="timezone" defaultValue={publication.timezone}>
              {(zones.includes(publication.timezone) ? zones : [publication.timezone, ...zones]).map((zone) => (
                <option key={zone}>{zone}</option>
              ))}
            </select>
          </div>
        </fieldset>
        <fieldset>
          <legend>Sender</legend>
          <TextInput name="senderName" label="Sender name" value={publication.senderName} required />
          <TextInput name="senderEmail" label="Sender email" type="email" value={publication.senderEmail} required />
          <TextInput name="replyTo" label="Reply-to (optional)" type="email" value={publication.replyTo ?? ""} />
          <div className="field">
            <label htmlFor="postalAddress">Postal address (shown in every email&apos;s footer, as anti-spam law requires)</label>
            <textarea id="postalAddress" name="postalAddress" rows={2} defaultValue={publication.postalAddress} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Welcome email</legend>
          <p className="hint">Sent when someone confirms their subscription. Leave a field empty for the built-in text. The body takes the same Markdown as rich text in issues (**bold**, *italic*, lists, links); greet with {"{{name|there}}"}.</p>
          <div className="field">
            <label htmlFor="welcomeSubject">Subject</label>
            <input id="welcomeSubject" name="welcomeSubject" defaultValue={publication.welcomeSubject} placeholder={builtIn.subject} maxLength={150} />
          </div>
          <div className="field">
            <label htmlFor="welcomeBody">Body</label>
            <textarea id="welcomeBody" name="welcomeBody" rows={8} defaultValue={publication.welcomeBody} placeholder={builtIn.body} maxLength={5000} />
          </div>
        </fieldset>
        <button type="submit" className="primary">
          Save settings
        </button>
      </form>
      <h2>Welcome email preview</h2>
      <p className="muted">
        As saved, for a reader named Ada. Subject: <strong>{preview.subject}</strong>
      </p>
      <iframe title="Welcome email preview" className="welcome-preview" sandbox="" srcDoc={preview.html} />
    </>
  );
}

function TextInput({ name, label, value, type = "text", required }: { name: string; label: string; value: string; type?: string; required?: boolean }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} type={type} defaultValue={value} required={required} />
    </div>
  );
}
