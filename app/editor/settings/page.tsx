import type { Metadata } from "next";
import { updateSettingsAction } from "@/app/editor/actions";
import { requireActor } from "@/lib/auth/current-actor";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";

export const metadata: Metadata = { title: "Settings" };

type Props = { searchParams: Promise<{ saved?: string; error?: string }> };

export default async function SettingsPage({ searchParams }: Props) {
  await requireActor("settings.manage");
  const { saved, error } = await searchParams;
  const publication = await getPublication(db());
  if (!publication) return <p>No publication yet.</p>;
  const zones = Intl.supportedValuesOf("timeZone");
  return (
    <>
      <h1>Settings</h1>
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
        <button type="submit" className="primary">
          Save settings
        </button>
      </form>
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
