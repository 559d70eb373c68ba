"use client";
import { useEffect, useId, useState } from "react";

/**
 * Code to paste elsewhere: a read-only text area (select it and copy, with or
 * without JavaScript) and a Copy button that says when it has copied.
 */
export function SnippetBox({ label, code, rows }: { label: string; code: string; rows: number }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <div className="field snippet">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} className="snippet-code" readOnly rows={rows} value={code} spellCheck={false} onFocus={(event) => event.currentTarget.select()} />
      <div className="row">
        <button
          type="button"
          className="secondary"
          onClick={() =>
            void navigator.clipboard?.writeText(code).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy
        </button>
        <span role="status" className="hint">
          {copied ? "Copied" : ""}
        </span>
      </div>
    </div>
  );
}
