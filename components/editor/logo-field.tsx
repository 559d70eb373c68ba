"use client";
import { useState } from "react";
import { ImageUrlInput } from "./composer/image-url-input";

/** Settings' logo: a URL, or an upload (the button, a dropped or pasted image, or one chosen among the latest), as any image field of the composer. */
export function LogoField({ initial, error }: { initial: string; error?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <div className="field">
      <label htmlFor="logoUrl">Logo (optional)</label>
      <ImageUrlInput id="logoUrl" name="logoUrl" value={value} onChange={setValue} aria-invalid={error ? true : undefined} aria-describedby={error ? "logoUrl-hint logoUrl-error" : "logoUrl-hint"} />
      <p className="hint" id="logoUrl-hint">
        At the top of every email (at most 240 × 64, at half an upload&apos;s pixels, so it stays sharp) and on the site&apos;s home page. Empty: the name alone.
      </p>
      {error ? (
        <p className="error" id="logoUrl-error" role="alert">
          Logo {error}
        </p>
      ) : null}
    </div>
  );
}
