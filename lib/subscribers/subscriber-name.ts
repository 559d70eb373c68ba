import { stripControlCharacters } from "../text/control-characters.ts";
import { storableString } from "../text/storable-text.ts";
import { SUBSCRIBE_NAME_MAX } from "./subscribe-limits.ts";

/**
 * A name a reader gives themselves, on the subscribe form or when they confirm. It greets them in every
 * email ("Hi {{name}}"), and whoever types an address may not be its owner: so it is one line of text,
 * with no line breaks that could lay out a paragraph of someone else's words (the invisible control
 * characters XML forbids are dropped first: a pasted soft line break reads as a space), and nothing a
 * mail app would make a link of: no "://", no "www.", no name.tld for the endings link spam uses
 * ("renew-now.com", "evil.ru"). "St.John" and "J.Smith" are names. What is left is shown to the
 * address's owner, in a field, before they confirm (app/(site)/confirm/page.tsx).
 */
const LINKED_ENDINGS = "com|net|org|info|biz|io|co|me|app|xyz|click|link|top|site|online|shop|store|live|pro|us|uk|de|ru|cn|ly|to|tk|ml|ga|cf|gq";
const LINK_LIKE = new RegExp(`://|\\bwww\\.|[\\p{L}\\p{N}-]{2,}\\.(?:${LINKED_ENDINGS})(?![\\p{L}\\p{N}])`, "iu");

export const subscriberName = storableString()
  .overwrite(stripControlCharacters)
  .trim()
  .max(SUBSCRIBE_NAME_MAX, `must be at most ${SUBSCRIBE_NAME_MAX} characters`)
  .refine((name) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name), "must be one line of text")
  .refine((name) => !LINK_LIKE.test(name), "must be a name, not a web address");
