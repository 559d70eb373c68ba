"use client";
import { useCallback, useEffect, useState } from "react";

/** Copies text to the clipboard; `copied` is true for 2.5 s after it worked, for a "Copied" beside the button. */
export function useCopy(): { copied: boolean; copy: (text: string) => void } {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2500);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = useCallback((text: string) => {
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }, []);
  return { copied, copy };
}
