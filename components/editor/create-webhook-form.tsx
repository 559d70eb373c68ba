"use client";
import { useActionState } from "react";
import { createWebhookAction, type CreateWebhookState } from "@/app/editor/actions";
import { Field } from "./field";

/** Adds an endpoint: its address, a note, and the events it wants (all, to start with). */
export function CreateWebhookForm({ events }: { events: { name: string; meaning: string }[] }) {
  const [state, action, pending] = useActionState<CreateWebhookState, FormData>(createWebhookAction, { status: "idle", key: 0 });
  const values = state.status === "invalid" ? state.values : { url: "", description: "", events: events.map((event) => event.name) };
  const errors = state.status === "invalid" ? state.fieldErrors : {};
  return (
    // Keyed by the answer, so the fields start again from `values` after each one (React resets an action's form).
    <form key={state.key} action={action} className="stack settings-form" noValidate>
      {state.status === "created" ? (
        <p className="notice" role="status">
          Endpoint added. Its signing secret is below, with the deliveries; “Send a test event” checks the receiver.
        </p>
      ) : null}
      {state.status === "error" ? (
        <p className="error" role="alert">
          Not added: {state.message}
        </p>
      ) : null}
      <Field label="Endpoint URL" name="url" error={errors.url} hint="https://, or http:// to this machine only (localhost). Each event is POSTed here as JSON.">
        {(props) => <input {...props} type="url" defaultValue={values.url} required placeholder="https://crm.example.com/hooks/newsletter" />}
      </Field>
      <Field label="Description" name="description" error={errors.description}>
        {(props) => <input {...props} defaultValue={values.description} maxLength={200} placeholder="CRM sync" />}
      </Field>
      <fieldset aria-invalid={errors.events ? true : undefined} aria-describedby={errors.events ? "webhook-events-error" : undefined}>
        <legend>Events</legend>
        {events.map((event) => (
          <label key={event.name} className="checkbox">
            <input type="checkbox" name="events" value={event.name} defaultChecked={values.events.includes(event.name)} /> <code>{event.name}</code>{" "}
            <span className="muted">{event.meaning}</span>
          </label>
        ))}
        {errors.events ? (
          <p id="webhook-events-error" className="error" role="alert">
            Events: {errors.events}
          </p>
        ) : null}
      </fieldset>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? "Adding…" : "Add endpoint"}
      </button>
    </form>
  );
}
