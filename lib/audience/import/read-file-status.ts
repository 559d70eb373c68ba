/** A status a file can give a row on its own: the ones that mean "do not mail this address". */
export type FileStatus = "unsubscribed" | "bounced" | "complained";

/**
 * The words a status column may hold, as other platforms export them (this
 * site's export, Mailchimp, Substack, Ghost, spreadsheets of yes/no). Those
 * saying the person is (or is about to be) on the list give no status of their
 * own: "I have consent" decides between active and pending, as without a status
 * column. The others say the person left, their address bounced (Mailchimp
 * calls it "cleaned"), or they reported the newsletter as spam.
 */
const WORDS: Record<"subscribed" | FileStatus, string[]> = {
  subscribed: ["active", "subscribed", "confirmed", "yes", "true", "pending", "unconfirmed"],
  unsubscribed: ["unsubscribed", "unsubscribe", "opted out", "opt out", "optout", "no", "false", "cancelled", "canceled"],
  bounced: ["bounced", "hard bounce", "cleaned"],
  complained: ["complained", "spam", "spam complaint", "abuse", "reported"],
};

const BY_WORD = new Map(Object.entries(WORDS).flatMap(([status, words]) => words.map((word) => [word, status === "subscribed" ? null : (status as FileStatus)] as const)));

const ACCEPTED = `empty, ${WORDS.subscribed.join(", ")} (imported as the consent choice says); ${WORDS.unsubscribed.join(", ")} (unsubscribed); ${WORDS.bounced.join(", ")} (bounced); or ${WORDS.complained.join(", ")} (complained)`;

/**
 * A row's status cell as the status it imports with (null: consent decides),
 * or the reason the row is refused. Case, spaces around and between words,
 * and "-" or "_" for a space do not matter ("Opted-Out" is "opted out"). A
 * word not listed refuses the row rather than importing it as active: a status
 * the import does not understand may be one that must not be mailed.
 */
export function readFileStatus(raw: string): { ok: true; status: FileStatus | null } | { ok: false; reason: string } {
  const word = raw.trim().toLowerCase().replace(/[\s_-]+/g, " ");
  if (word === "") return { ok: true, status: null };
  const status = BY_WORD.get(word);
  if (status === undefined) return { ok: false, reason: `the status "${raw.trim().slice(0, 40)}" is not one the import knows; a status may be ${ACCEPTED}` };
  return { ok: true, status };
}
