import { storableString } from "../text/storable-text.ts";
import { SUBSCRIBE_NAME_MAX } from "./subscribe-limits.ts";

/**
 * A name a reader gives themselves, on the subscribe form or when they confirm. It greets them in every
 * email ("Hi {{name}}"), and whoever types an address may not be its owner: so it is one line of text,
 * with no control characters that could lay out a paragraph of someone else's words, and nothing a mail
 * app would make a link of: no "://", no "www.", and no word.word such as "renew-now.com" or "evil.ru"
 * (a name takes a space after its dots: "Dr. Ada K. Lovelace"; an initial before one is fine: "J.Smith").
 */
export const subscriberName = storableString()
  .trim()
  .max(SUBSCRIBE_NAME_MAX, `must be at most ${SUBSCRIBE_NAME_MAX} characters`)
  .refine((name) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name), "must be one line of text")
  .refine((name) => !/:\/\/|\bwww\.|[\p{L}\p{N}-]{2,}\.\p{L}{2,}/iu.test(name), "must be a name, not a web address");
