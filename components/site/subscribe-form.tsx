"use client";
import { useActionState, useId } from "react";
import { subscribeAction, type SubscribeState } from "@/app/(site)/subscribe/actions";
import { SUBSCRIBE_EMAIL_MAX, SUBSCRIBE_NAME_MAX } from "@/lib/subscribers/subscribe-limits";

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
        <input id={`${id}-email`} name="email" type="email" autoComplete="email" maxLength={SUBSCRIBE_EMAIL_MAX} required defaultValue={state.email} aria-invalid={state.status === "invalid" || undefined} aria-describedby={state.message ? `${id}-message` : undefined} />
        <label htmlFor={`${id}-name`}>Name (optional)</label>
        <input id={`${id}-name`} name="name" autoComplete="name" maxLength={SUBSCRIBE_NAME_MAX} />
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
