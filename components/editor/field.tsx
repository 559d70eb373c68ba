import { useId, type ReactNode } from "react";

type ControlProps = { id: string; name: string; "aria-invalid"?: boolean; "aria-describedby"?: string };

/** A labelled control with its hint and error wired for screen readers. */
export function Field({ label, name, error, hint, children }: { label: string; name: string; error?: string; hint?: string; children: (props: ControlProps) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="error" role="alert">
          {label} {error}
        </p>
      ) : null}
    </div>
  );
}
