"use client";
import { useActionState } from "react";
import { saveWebhookAction, type WebhookFormState } from "@/app/editor/actions";
import { Field } from "./field";
import { Alert, Notice } from "./page-messages";

type Endpoint = { id: string; url: string; description: string; events: string[] };

/** Adds an endpoint (all events ticked to start with), or, given one, changes its address, note and events. */
export function WebhookForm({ events, endpoint }: { events: { name: string; meaning: string }[]; endpoint?: Endpoint }) {
  const [state, action, pending] = useActionState<WebhookFormState, FormData>(saveWebhookAction, { status: "idle", key: 0 });
  const saved = endpoint ?? { url: "", description: "", events: events.map((event) => event.name) };
  // After a refusal the form shows what was sent; otherwise what is stored (an edit), or a blank one.
  const values = state.status === "invalid" ? state.values : state.status === "saved" && !endpoint ? { ...saved, url: "", description: "" } : saved;
  const errors = state.status === "invalid" ? state.fieldErrors : {};
  const errorsId = `webhook-events-error-${endpoint?.id ?? "new"}`;
  return (
    // Keyed by the answer, so the fields start again from `values` after each one (React resets an action's form).
    <form key={state.key} action={action} className="stack settings-form" noValidate>
      <Notice when={state.status === "saved"}>
        {endpoint ? "Endpoint saved." : "Endpoint added. Its signing secret is below, with the deliveries; “Send a test event” checks the receiver."}
      </Notice>
      <Alert message={state.status === "error" ? state.message : null} prefix="Not saved: " />
      {endpoint ? <input type="hidden" name="id" value={endpoint.id} /> : null}
      <Field label="Endpoint URL" name="url" error={errors.url} hint="https://, or http:// to this machine only (localhost). Each event is POSTed here as JSON.">
        {(props) => <input {...props} type="url" defaultValue={values.url} required placeholder="https://crm.example.com/hooks/newsletter" />}
      </Field>
      <Field label="Description" name="description" error={errors.description}>
        {(props) => <input {...props} defaultValue={values.description} maxLength={200} placeholder="CRM sync" />}
      </Field>
      <fieldset aria-invalid={errors.events ? true : undefined} aria-describedby={errors.events ? errorsId : undefined}>
        <legend>Events</legend>
        {events.map((event) => (
          <label key={event.name} className="checkbox">
            <input type="checkbox" name="events" value={event.name} defaultChecked={values.events.includes(event.name)} /> <code>{event.name}</code>{" "}
            <span className="muted">{event.meaning}</span>
          </label>
        ))}
        {errors.events ? (
          <p id={errorsId} className="error" role="alert">
            Events: {errors.events}
          </p>
        ) : null}
      </fieldset>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? "Saving…" : endpoint ? "Save endpoint" : "Add endpoint"}
      </button>
    </form>
  );
}
