"use client";
import { useActionState } from "react";
import { createApiKeyAction, type CreateApiKeyState } from "@/app/editor/actions";
import { SnippetBox } from "./snippet-box";

/** Names a new key and chooses what it may do; the key is shown once, here, with a Copy button. */
export function CreateApiKeyForm() {
  const [state, action, pending] = useActionState<CreateApiKeyState, FormData>(createApiKeyAction, { status: "idle" });
  return (
    <>
      {state.status === "created" ? (
        <div className="notice" role="status">
          <p>
            <strong>Key “{state.name}” made.</strong> Copy it now and keep it somewhere safe: it is stored only as a hash, so it cannot be shown again.
          </p>
          <SnippetBox label="The new key" code={state.key} rows={1} />
        </div>
      ) : null}
      <form action={action} className="stack settings-form">
        <div className="field">
          <label htmlFor="api-key-name">Name (what uses it)</label>
          <input id="api-key-name" name="name" required maxLength={100} placeholder="Website sign-ups" />
        </div>
        <fieldset>
          <legend>It may</legend>
          <label className="radio">
            <input type="radio" name="access" value="read" defaultChecked /> Read subscribers
          </label>
          <label className="radio">
            <input type="radio" name="access" value="write" /> Read, add, change and erase subscribers, and tag them; write draft issues
          </label>
        </fieldset>
        {state.status === "error" ? (
          <p className="error" role="alert">
            Not made: {state.message}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Making…" : "Make a key"}
        </button>
      </form>
    </>
  );
}
