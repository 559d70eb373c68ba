"use client";
import { useEffect, useState } from "react";

/**
 * Story anchors ("#") copy the story's full link when clicked, and say so.
 * Without JavaScript they are ordinary links to the anchor, which is what a
 * reader can copy from the address bar.
 */
export function CopyStoryLinks() {
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const anchor = (event.target as Element | null)?.closest?.("a.anchor");
      if (!(anchor instanceof HTMLAnchorElement) || !navigator.clipboard) return;
      const url = new URL(anchor.getAttribute("href") ?? "", window.location.href).toString();
      void navigator.clipboard.writeText(url).then(
        () => setCopied(url),
        () => {},
      );
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, []);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <p className="copied" role="status" aria-live="polite">
      {copied ? "Link copied" : ""}
    </p>
  );
}
