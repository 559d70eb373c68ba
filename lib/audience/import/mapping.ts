import { z } from "zod";

/**
 * Which column (0-based) holds each field; only the email is required. The
 * status may be left out: a mapping without it reads no status, as one saved
 * before the field existed does.
 */
export type ImportMapping = { email: number; name: number | null; tags: number | null; createdAt: number | null; status?: number | null };
export const MAPPED_FIELDS = ["email", "name", "tags", "createdAt", "status"] as const;

const GUESSES: Record<(typeof MAPPED_FIELDS)[number], RegExp> = {
  email: /^(e-?mail|email address|e-?mail address|address|mail)$/,
  name: /^(name|full name|fullname|display name|subscriber name|first name|firstname)$/,
  tags: /^(tags?|labels?|groups?|segments?|lists?)$/,
  // "Subscribed at" is a date; a bare "subscribed" is a status (Ghost and others write yes/no or true/false there).
  createdAt: /^(created|created at|created_at|createdat|created date|date|date added|added|signup date|signed up|subscribed at|subscribed on|subscribed date|joined|opt-?in date)$/,
  // Ghost's members export says "subscribed_to_emails"; Mailchimp-style exports "status" or "member status".
  status: /^(status|subscription status|subscriber status|member status|email status|subscribed|subscribed to emails)$/,
};

/** A first guess from the header names, which the editor then confirms or changes. */
export function guessMapping(headers: string[]): ImportMapping {
  const normalized = headers.map((header) => header.trim().toLowerCase().replace(/[_\s]+/g, " "));
  const find = (field: keyof typeof GUESSES) => {
    const index = normalized.findIndex((header) => GUESSES[field].test(header) || GUESSES[field].test(header.replace(/ /g, "")));
    return index === -1 ? null : index;
  };
  // Not "state": in a CRM's export that is an address's state, and every row would be refused for it.
  const status = find("status");
  // No header named like an email: the first column whose name mentions one ("Email status" is the status).
  const email = find("email") ?? normalized.findIndex((header, index) => header.includes("mail") && index !== status);
  return { email: email === null ? -1 : email, name: find("name"), tags: find("tags"), createdAt: find("createdAt"), status };
}

// A select's "(none)" sends "" or -1: no column. Without the preprocess, coercion would read "" as column 0.
const none = (value: unknown) => (value === "" || value === null || value === undefined || value === "-1" || value === -1 ? null : value);
const column = (count: number) => z.coerce.number().int().min(0).max(count - 1);
const optionalColumn = (count: number) => z.preprocess(none, column(count).nullable());

/** The editor's mapping from the form, checked against the file's columns. */
export function parseMapping(raw: unknown, columnCount: number): { ok: true; mapping: ImportMapping } | { ok: false; message: string } {
  const parsed = z
    .object({
      email: z.preprocess((value) => none(value) ?? undefined, column(columnCount)),
      name: optionalColumn(columnCount),
      tags: optionalColumn(columnCount),
      createdAt: optionalColumn(columnCount),
      status: optionalColumn(columnCount),
    })
    .safeParse(raw);
  if (!parsed.success) return { ok: false, message: "Choose the column that holds the email addresses." };
  const mapping = parsed.data;
  const used = MAPPED_FIELDS.map((field) => mapping[field]).filter((index): index is number => index !== null);
  if (new Set(used).size !== used.length) return { ok: false, message: "Each column can be used for one field only." };
  return { ok: true, mapping };
}
