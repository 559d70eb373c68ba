"use client";
import { useActionState } from "react";
import { saveSettingsAction, type SettingsState } from "@/app/editor/actions";
import { AccentColorField } from "./accent-color-field";
import { Field } from "./field";
import { LogoField } from "./logo-field";
import { Alert } from "./page-messages";

export type SettingsValues = {
  name: string;
  description: string;
  siteUrl: string;
  logoUrl: string;
  accentColor: string;
  timezone: string;
  senderName: string;
  senderEmail: string;
  replyTo: string;
  postalAddress: string;
  welcomeSubject: string;
  welcomeBody: string;
};

/**
 * The publication's settings. A refused save names each field and its reason beside it, and keeps
 * everything typed (lib/publication/update-settings.ts checks it all on the server); a saved one
 * refreshes the page around it (the welcome email's preview).
 */
export function SettingsForm({ saved, zones, builtIn }: { saved: SettingsValues; zones: string[]; builtIn: { welcomeSubject: string; welcomeBody: string; accentColor: string } }) {
  const [state, action, pending] = useActionState<SettingsState, FormData>(saveSettingsAction, { status: "idle" });
  // After a refusal the form shows what was sent, not what is stored; after a save, what is stored.
  const values: SettingsValues = state.status === "idle" || state.status === "saved" ? saved : { ...saved, ...state.values };
  const errors = state.status === "invalid" ? state.fieldErrors : {};
  const zoneChoices = zones.includes(values.timezone) ? zones : [values.timezone, ...zones];
  return (
    // Keyed by the answer, so the fields start again from `values` after each one (React resets an action's form).
    <form key={state.key} action={action} className="stack settings-form" noValidate>
      {state.status === "saved" ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      {state.status === "invalid" ? (
        <p className="error" role="alert">
          Not saved: {Object.keys(errors).length === 1 ? "one field needs" : `${Object.keys(errors).length} fields need`} a change, marked below. Everything you typed is kept.
        </p>
      ) : null}
      <Alert message={state.status === "error" ? state.message : null} prefix="Not saved: " />
      <fieldset>
        <legend>Publication</legend>
        <Field label="Name" name="name" error={errors.name}>
          {(props) => <input {...props} defaultValue={values.name} required maxLength={100} />}
        </Field>
        <Field label="Description" name="description" error={errors.description}>
          {(props) => <textarea {...props} rows={3} defaultValue={values.description} />}
        </Field>
        <Field label="Site URL" name="siteUrl" error={errors.siteUrl}>
          {(props) => <input {...props} type="url" defaultValue={values.siteUrl} required />}
        </Field>
        <LogoField initial={values.logoUrl} error={errors.logoUrl} />
        <AccentColorField initial={values.accentColor} builtIn={builtIn.accentColor} error={errors.accentColor} />
        <Field label="Time zone (schedules and dates use it)" name="timezone" error={errors.timezone}>
          {(props) => (
            <select {...props} defaultValue={values.timezone}>
              {zoneChoices.map((zone) => (
                <option key={zone}>{zone}</option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>
      <fieldset>
        <legend>Sender</legend>
        <Field label="Sender name" name="senderName" error={errors.senderName}>
          {(props) => <input {...props} defaultValue={values.senderName} required maxLength={100} />}
        </Field>
        <Field label="Sender email" name="senderEmail" error={errors.senderEmail}>
          {(props) => <input {...props} type="email" defaultValue={values.senderEmail} required />}
        </Field>
        <Field label="Reply-to (optional)" name="replyTo" error={errors.replyTo}>
          {(props) => <input {...props} type="email" defaultValue={values.replyTo} />}
        </Field>
        <Field label="Postal address (shown in every email's footer, as anti-spam law requires)" name="postalAddress" error={errors.postalAddress}>
          {(props) => <textarea {...props} rows={2} defaultValue={values.postalAddress} />}
        </Field>
      </fieldset>
      <fieldset>
        <legend>Welcome email</legend>
        <p className="hint">
          Sent when someone confirms their subscription. Leave a field empty for the built-in text. The body takes the same Markdown as rich text in issues (**bold**,
          *italic*, lists, links); greet with {"{{name|there}}"}.
        </p>
        <Field label="Subject" name="welcomeSubject" error={errors.welcomeSubject}>
          {(props) => <input {...props} defaultValue={values.welcomeSubject} placeholder={builtIn.welcomeSubject} maxLength={150} />}
        </Field>
        <Field label="Body" name="welcomeBody" error={errors.welcomeBody}>
          {(props) => <textarea {...props} rows={8} defaultValue={values.welcomeBody} placeholder={builtIn.welcomeBody} maxLength={5000} />}
        </Field>
      </fieldset>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
