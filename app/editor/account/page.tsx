import type { Metadata } from "next";
import { updateAccountAction } from "@/app/editor/actions";
import { requireActor } from "@/lib/auth/current-actor";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-rules";
import { db } from "@/lib/db/client";
import { Alert, Notice } from "@/components/editor/page-messages";
import { readPageMessage } from "@/lib/web/page-message";

export const metadata: Metadata = { title: "Your account" };

type Props = { searchParams: Promise<{ saved?: string }> };

export default async function AccountPage({ searchParams }: Props) {
  const actor = await requireActor();
  const query = await searchParams;
  const { saved } = query;
  const { error } = readPageMessage(query);
  const user = await db().user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordHash: true } });
  const hasPassword = user.passwordHash !== null;
  return (
    <>
      <h1>Your account</h1>
      <Notice when={saved}>
        Saved.
      </Notice>
      <Alert message={error} prefix="Not saved: " />
      <form action={updateAccountAction} className="stack settings-form">
        <p className="muted">
          Signed in as <strong>{actor.email}</strong> ({actor.role}).
        </p>
        <div className="field">
          <label htmlFor="account-name">Name</label>
          <input id="account-name" name="name" defaultValue={actor.name ?? ""} required autoComplete="name" />
        </div>
        <fieldset>
          <legend>{hasPassword ? "Change your password" : "Set a password (optional: you can keep signing in with email links)"}</legend>
          {hasPassword ? (
            <div className="field">
              <label htmlFor="current-password">Current password</label>
              <input id="current-password" name="currentPassword" type="password" autoComplete="current-password" />
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="new-password">New password</label>
            <input id="new-password" name="newPassword" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} aria-describedby="new-password-hint" />
            <p id="new-password-hint" className="hint">
              At least {MIN_PASSWORD_LENGTH} characters. Leave empty to keep {hasPassword ? "the current one" : "signing in by email link only"}.
            </p>
          </div>
        </fieldset>
        <button type="submit" className="primary">
          Save
        </button>
      </form>
    </>
  );
}
