import type { ReactNode } from "react";

/** What the last form did, said at the top of the page (a status, read out without moving focus); nothing while `when` is falsy. */
export function Notice({ when = true, children }: { when?: unknown; children: ReactNode }) {
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
