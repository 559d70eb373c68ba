"use client";
import { useActionState, useEffect, useRef } from "react";
import { setUpOwner, type SetupState } from "@/app/(auth)/setup/actions";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-rules";
import { Field } from "@/components/editor/field";

/** `publication`: asked for when there is none yet (every install but the demo's), with the site's address to start from. */
export function SetupForm({ token, publication }: { token: string; publication: { siteUrl: string; zones: string[] } | null }) {
  const [state, action, pending] = useActionState<SetupState, FormData>(setUpOwner, {});
  const errors = state.fieldErrors ?? {};
  const timezone = useRef<HTMLInputElement>(null);
  // The server cannot know the owner's time zone; the browser can. Set after hydration, so both render "UTC" first.
  useEffect(() => {
    const input = timezone.current;
    if (input && input.value === "UTC" && !input.dataset.touched) input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  }, []);
  const ownerFields = (
    <>
      <Field label="Your name" name="name" error={errors.name}>
        {(props) => <input {...props} autoComplete="name" required defaultValue={state.values?.name} />}
      </Field>
      <Field label="Email" name="email" error={errors.email}>
        {(props) => <input {...props} type="email" autoComplete="email" required defaultValue={state.values?.email} />}
      </Field>
      <Field label="Password" name="password" error={errors.password} hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
        {(props) => <input {...props} type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} />}
      </Field>
    </>
  );
  return (
    <form action={action} className="stack" noValidate>
      <input type="hidden" name="token" value={token} />
      {publication ? (
        <fieldset className="stack">
          <legend>Your publication</legend>
          <Field label="Publication name" name="publicationName" error={errors.publicationName} hint="Shown on the site and as the sender’s name.">
            {(props) => <input {...props} required maxLength={100} defaultValue={state.values?.publicationName} />}
          </Field>
          <Field label="Site address" name="siteUrl" error={errors.siteUrl} hint="Where readers find the archive: links in every email point here.">
            {(props) => <input {...props} type="url" required defaultValue={state.values?.siteUrl ?? publication.siteUrl} />}
          </Field>
          <Field label="Send from" name="senderEmail" error={errors.senderEmail} hint="The From address of every issue: one your email provider lets you send from.">
            {(props) => <input {...props} type="email" required defaultValue={state.values?.senderEmail} />}
          </Field>
          <Field label="Time zone" name="timezone" error={errors.timezone} hint="Issues are scheduled in it: an IANA time zone such as Europe/Berlin.">
            {(props) => (
              <input {...props} ref={timezone} list="setup-time-zones" required defaultValue={state.values?.timezone ?? "UTC"} onInput={(event) => (event.currentTarget.dataset.touched = "1")} />
            )}
          </Field>
          <datalist id="setup-time-zones">
            {publication.zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </fieldset>
      ) : null}
      {publication ? (
        <fieldset className="stack">
          <legend>The owner’s account</legend>
          {ownerFields}
        </fieldset>
      ) : (
        ownerFields
      )}
      <button type="submit" className="primary" disabled={pending}>
        {pending ? "Creating…" : publication ? "Create publication and owner account" : "Create owner account"}
      </button>
    </form>
  );
}
