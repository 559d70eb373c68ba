"use client";
import { useActionState } from "react";
import { setUpOwner, type SetupState } from "@/app/(auth)/setup/actions";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-rules";
import { Field } from "@/components/editor/field";

export function SetupForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<SetupState, FormData>(setUpOwner, {});
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="stack" noValidate>
      <input type="hidden" name="token" value={token} />
      <Field label="Your name" name="name" error={errors.name}>
        {(props) => <input {...props} autoComplete="name" required defaultValue={state.values?.name} />}
      </Field>
      <Field label="Email" name="email" error={errors.email}>
        {(props) => <input {...props} type="email" autoComplete="email" required defaultValue={state.values?.email} />}
      </Field>
      <Field label="Password" name="password" error={errors.password} hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
        {(props) => <input {...props} type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} />}
      </Field>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? "Creating…" : "Create owner account"}
      </button>
    </form>
  );
}
