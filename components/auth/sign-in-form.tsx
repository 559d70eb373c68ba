"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

/** Two ways in: a password, or a one-time link by email. */
export function SignInForm({
  initialEmail,
  initialError,
  callbackUrl,
  initialMode = "password",
}: {
  initialEmail: string;
  initialError?: string;
  callbackUrl: string;
  /** "link" for an invitee, who has no password yet. */
  initialMode?: "password" | "link";
}) {
  const router = useRouter();
  const [mode, setMode] = useState<"password" | "link">(initialMode);
  const [email, setEmail] = useState(initialEmail);
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  // A problem with one way in is not news once the reader picks the other.
  function choose(next: "password" | "link") {
    setMode(next);
    setError(undefined);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    const form = new FormData(event.currentTarget);
    try {
      if (mode === "password") {
        const result = await signIn("credentials", { email, password: String(form.get("password") ?? ""), redirect: false, callbackUrl });
        if (result?.ok && !result.error) {
          router.replace(callbackUrl);
          router.refresh();
          return;
        }
        setError(result?.error === "RateLimited" || result?.status === 429 ? "Too many attempts. Wait a few minutes and try again." : "That email and password do not match an account.");
      } else {
        const result = await signIn("email", { email, redirect: false, callbackUrl });
        if (result?.status === 429) setError("Too many attempts. Wait a few minutes and try again.");
        else router.push(`/sign-in/check-email?email=${encodeURIComponent(email.trim().toLowerCase())}`);
      }
    } finally {
      setPending(false);
    }
  }

  return (
    // method="post": should the script fail to load, a native submit must not put the password in the URL.
    <form onSubmit={submit} className="stack" method="post">
      <div className="segmented" role="radiogroup" aria-label="How to sign in">
        <label>
          <input type="radio" name="mode" checked={mode === "password"} onChange={() => choose("password")} /> Use a password
        </label>
        <label>
          <input type="radio" name="mode" checked={mode === "link"} onChange={() => choose("link")} /> Email me a link
        </label>
      </div>
      <div className="field">
        <label htmlFor="sign-in-email">Email</label>
        <input id="sign-in-email" name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      {mode === "password" ? (
        <div className="field">
          <label htmlFor="sign-in-password">Password</label>
          <input id="sign-in-password" name="password" type="password" autoComplete="current-password" required />
        </div>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={pending}>
        {pending ? "Signing in…" : mode === "password" ? "Sign in" : "Send me a sign-in link"}
      </button>
    </form>
  );
}
