"use client";
import { useState } from "react";

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Settings' accent colour: typed as #rrggbb or picked; empty keeps the built-in colours. The server checks it reads on white. */
export function AccentColorField({ initial, builtIn, error }: { initial: string; builtIn: string; error?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <div className="field">
      <label htmlFor="accentColor">Accent colour (optional)</label>
      <div className="row">
        <input id="accentColor" name="accentColor" value={value} onChange={(event) => setValue(event.target.value)} placeholder={builtIn} pattern="#[0-9a-fA-F]{6}" maxLength={7} size={9} aria-invalid={error ? true : undefined} aria-describedby={error ? "accentColor-hint accentColor-error" : "accentColor-hint"} />
        <input type="color" aria-label="Pick the accent colour" value={HEX.test(value) ? value.toLowerCase() : builtIn} onChange={(event) => setValue(event.target.value)} />
        {value ? (
          <button type="button" className="link-button" onClick={() => setValue("")}>
            Use the built-in colours
          </button>
        ) : null}
      </div>
      <p className="hint" id="accentColor-hint">
        Links, section titles and buttons, in email and on the site (in its light scheme). It must be dark enough to read on white (4.5:1). Empty: the built-in
        colours.
      </p>
      {error ? (
        <p className="error" id="accentColor-error" role="alert">
          Accent colour {error}
        </p>
      ) : null}
    </div>
  );
}
