"use client";
import { useId } from "react";
import { useCopy } from "./use-copy";

/**
 * Code to paste elsewhere: a read-only text area (select it and copy, with or
 * without JavaScript) and a Copy button that says when it has copied.
 */
export function SnippetBox({ label, code, rows }: { label: string; code: string; rows: number }) {
  const id = useId();
  const { copied, copy } = useCopy();
  return (
    <div className="field snippet">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} className="snippet-code" readOnly rows={rows} value={code} spellCheck={false} onFocus={(event) => event.currentTarget.select()} />
      <div className="row">
        <button type="button" className="secondary" onClick={() => copy(code)}>
          Copy
        </button>
        <span role="status" className="hint">
          {copied ? "Copied" : ""}
        </span>
      </div>
    </div>
  );
}
