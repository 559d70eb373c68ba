import { z } from "zod";

/**
 * Characters no column can take: PostgreSQL's text refuses U+0000 (error 22021), and a lone surrogate
 * (half an emoji, from a cut string or a crafted request) has no UTF-8 form, so the driver fails on it.
 * Either one reaching a query turns a reader's request into a 500, so public inputs are checked first.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `text` without those characters, for text kept as it came rather than refused (an upload's file name). */
export function withoutUnstorable(text: string): string {
  return text.replace(new RegExp(UNSTORABLE.source, "g"), "");
}

/** Can `text` be stored and searched as it is (no U+0000, no lone surrogate)? */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** What a form field says about such a character, after the field's name ("Name contains …"). */
export const UNSTORABLE_TEXT_MESSAGE = "contains a character that cannot be saved (a null character or half of an emoji)";

/**
 * A string field of a public form that refuses those characters with a field error, rather than
 * failing in the database: chain `.trim().max(…)` and the rest after it as on `z.string()`.
 */
export function storableString() {
  return z.string().refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);
}

/** `text` cut to at most `max` UTF-16 units without splitting a surrogate pair (which would leave half an emoji). */
export function cutText(text: string, max: number): string {
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) && /^[\uDC00-\uDFFF]/.test(text.slice(max)) ? cut.slice(0, -1) : cut;
}
