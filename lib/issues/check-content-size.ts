import type { ContentProblem } from "../blocks/parse-blocks.ts";

/**
 * The most an issue's content may weigh as the composer sends it: its JSON, in UTF-8. Server actions
 * accept 2 MB (next.config.js). A bigger save would fail as a request, which the composer cannot tell
 * from a lost connection: it would say "offline" and retry for ever. Under this limit the save is
 * refused with the reason instead, by the composer before it sends and by the server. A weekly issue
 * is tens of kB (and Gmail clips an email whose HTML passes 102 kB).
 */
export const MAX_ISSUE_CONTENT_BYTES = 1_000_000;

/** A problem for the whole issue when its content (as JSON) is over the limit; null when it fits. Runs in the browser too. */
export function checkContentSize(json: string): ContentProblem | null {
  const bytes = new TextEncoder().encode(json).length;
  if (bytes <= MAX_ISSUE_CONTENT_BYTES) return null;
  // Rounded up: 1,000,001 bytes must not read "1.0 MB" beside a limit of 1 MB.
  const megabytes = (Math.ceil(bytes / 100_000) / 10).toFixed(1);
  return {
    blockIndex: null,
    path: [],
    message: `The issue is ${megabytes} MB; an issue holds at most ${MAX_ISSUE_CONTENT_BYTES / 1_000_000} MB. Shorten it or remove some blocks.`,
  };
}
