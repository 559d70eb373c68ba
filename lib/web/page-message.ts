import { createHmac, timingSafeEqual } from "node:crypto";
import { signingSecret } from "../auth/signing-secret.ts";

/**
 * Words a form's redirect carries to the page it lands on ("Not saved: the name is taken", the importer's
 * notes, the address just invited). They travel in the query string, so they are signed together with the
 * time: a page shows only what this server said a few minutes ago. Unsigned, a crafted link such as
 * /editor/team?error=… or /unsubscribe?…&error=… would put anyone's words on our pages, in our layout.
 * Fixed outcomes ("saved=1", "done=rotated") need none of this: their pages choose the words.
 */
export const PAGE_MESSAGE_KEYS = ["error", "notes", "invited", "reinvited"] as const;
export type PageMessageKey = (typeof PAGE_MESSAGE_KEYS)[number];
export type PageMessages = Partial<Record<PageMessageKey, string>>;

/** Long enough to read the page and reload it once; a link copied from the address bar goes quiet after it. */
export const PAGE_MESSAGE_LIFETIME_MS = 10 * 60_000;
/** The parameter that carries `<time>.<signature>`. */
const SIGNATURE = "said";

function mac(words: PageMessages, at: number, secret: string): string {
  const signed = PAGE_MESSAGE_KEYS.flatMap((key) => (words[key] === undefined ? [] : [[key, words[key]]]));
  return createHmac("sha256", secret).update(`weekly:page-message:v1:${at}:${JSON.stringify(signed)}`).digest("base64url");
}

/** `path` with `words` added to its query and signed; a query already on `path` is kept. */
export function withPageMessage(path: string, words: PageMessages, options: { now?: number; secret?: string } = {}): string {
  const at = options.now ?? Date.now();
  // Signed as the page will read them: the URL carries UTF-8, which has no lone surrogate (half an emoji cut
  // by a length limit); it becomes U+FFFD on the way, so it is made that before signing, not after.
  const sent: PageMessages = {};
  const query = new URLSearchParams();
  for (const key of PAGE_MESSAGE_KEYS) {
    if (words[key] === undefined) continue;
    sent[key] = Buffer.from(words[key], "utf8").toString("utf8");
    query.set(key, sent[key]);
  }
  query.set(SIGNATURE, `${at}.${mac(sent, at, options.secret ?? signingSecret())}`);
  return `${path}${path.includes("?") ? "&" : "?"}${query}`;
}

/**
 * The signed words in a page's query, or none at all: unsigned, altered, added to, or older than
 * PAGE_MESSAGE_LIFETIME_MS, the page shows nothing rather than guess which part is ours.
 */
export function readPageMessage(query: Record<string, string | string[] | undefined>, options: { now?: number; secret?: string } = {}): PageMessages {
  const words: PageMessages = {};
  for (const key of PAGE_MESSAGE_KEYS) {
    const value = query[key];
    if (Array.isArray(value)) return {};
    if (value !== undefined) words[key] = value;
  }
  const said = query[SIGNATURE];
  if (typeof said !== "string" || Object.keys(words).length === 0) return {};
  const match = /^(\d{1,15})\.([\w-]{43})$/.exec(said);
  if (!match) return {};
  const at = Number(match[1]);
  const now = options.now ?? Date.now();
  // A minute's grace for clocks of several app processes that disagree a little.
  if (now - at > PAGE_MESSAGE_LIFETIME_MS || at - now > 60_000) return {};
  const expected = Buffer.from(mac(words, at, options.secret ?? signingSecret()));
  const given = Buffer.from(match[2]!);
  return given.length === expected.length && timingSafeEqual(given, expected) ? words : {};
}
