"use client";
import { useCopy } from "./use-copy";

/** A button that copies a short text (an image's URL, a signing secret) and says so for a moment. */
export function CopyTextButton({ text, label, caption = "Copy URL" }: { text: string; label: string; caption?: string }) {
  const { copied, copy } = useCopy();
  return (
    <button type="button" className="link-button" aria-label={label} onClick={() => copy(text)}>
      <span aria-live="polite">{copied ? "Copied" : caption}</span>
    </button>
  );
}
