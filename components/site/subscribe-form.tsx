"use client";
import { useActionState, useId } from "react";
import { subscribeAction, type SubscribeState } from "@/app/(site)/subscribe/actions";

/** Email and an optional name; a honeypot for bots; one answer for every address. */
export function SubscribeForm({ compact = false }: { compact?: boolean }) {
  const [state, action, pending] = useActionState<SubscribeState, FormData>(subscribeAction, { status: "idle" });
  const id = useId();
  if (state.status === "sent") {
    return (
      <p className="subscribe-done" role="status">
        Almost there: check <strong>{state.email}</strong> for a link to confirm your subscription.
      </p>
    );
  }
  return (
    <form action={action} className={`subscribe-form${compact ? " compact" : ""}`}>
      <div className="subscribe-fields">
        <label htmlFor={`${id}-email`}>Email</label>
        <input id={`${id}-email`} name="email" type="email" autoComplete="email" required defaultValue={state.email} aria-invalid={state.status === "invalid" || undefined} aria-describedby={state.message ? `${id}-message` : undefined} />
        <label htmlFor={`${id}-name`}>Name (optional)</label>
        <input id={`${id}-name`} name="name" autoComplete="name" />
        {/* People never see or reach this field; bots fill it. */}
        <div className="honeypot" aria-hidden="true">
          <label htmlFor={`${id}-website`}>Website</label>
          <input id={`${id}-website`} name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <button type="submit" disabled={pending}>
          {pending ? "Subscribing…" : "Subscribe"}
        </button>
      </div>
      {state.message ? (
        <p id={`${id}-message`} className="subscribe-error" role="alert">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
