import { isWebUrl } from "./safe-url.ts";

/** "example.com", "www.example.co.uk/story?id=1": a host name with a dot and a top-level domain of letters, then anything. */
const BARE_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?(?:[/?#]\S*)?$/i;

/**
 * A story link as people paste it: "example.com/story" or "www.example.com" without its scheme is taken as
 * https, the way a browser's address bar takes it; "//example.com" too. Anything else is left as typed, for
 * the field's check to refuse or accept: a mistyped address is shown as the problem it is, never guessed at.
 */
export function completeWebUrl(typed: string): string {
  const url = typed.trim();
  if (url === "" || isWebUrl(url)) return url;
  if (url.startsWith("//") && isWebUrl(`https:${url}`)) return `https:${url}`;
  if (BARE_HOST.test(url) && isWebUrl(`https://${url}`)) return `https://${url}`;
  return url;
}
