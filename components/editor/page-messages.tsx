import type { ReactNode } from "react";

/**
 * What the last form did, said at the top of the page (a status, read out without moving focus); nothing
 * while `when` is falsy. `when` has no default: an absent query parameter is undefined, and a default
 * would show the notice on every visit.
 */
export function Notice({ when, children }: { when: unknown; children: ReactNode }) {
  return when ? (
    <p className="notice" role="status">
      {children}
    </p>
  ) : null;
}

/** Why the last form was refused (an alert); nothing without a message. The message is text, never HTML. */
export function Alert({ message, prefix = "" }: { message?: string | null; prefix?: string }) {
  return message ? (
    <p className="error" role="alert">
      {prefix}
      {message}
    </p>
  ) : null;
}
