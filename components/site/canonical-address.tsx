"use client";
import { useEffect } from "react";

/**
 * On an issue reached by a short or mistyped link (/issues/12), shows the
 * canonical address in the address bar, keeping the anchor. The server answers
 * such links with the page itself and its canonical link rather than a redirect:
 * Next 16 sends an incrementally static page's redirect with its Location
 * header twice on a cache miss (vercel/next.js#82117), which strict clients
 * (crawlers, fetch) read as "/a, /a".
 */
export function CanonicalAddress({ path }: { path: string }) {
  useEffect(() => {
    if (window.location.pathname !== path) window.history.replaceState(window.history.state, "", `${path}${window.location.search}${window.location.hash}`);
  }, [path]);
  return null;
}
