import { z } from "zod";
import { normalizeTagName } from "../../tags/ensure-tags.ts";
import type { ImportMapping } from "./mapping.ts";
import { readFileStatus, type FileStatus } from "./read-file-status.ts";

/** `status`: unsubscribed, bounced or complained when the file says so; null when consent decides (read-file-status.ts). */
export type ImportRow = { email: string; key: string; name: string | null; tags: string[]; createdAt: Date | null; status: FileStatus | null };
export type ParsedRow = { ok: true; value: ImportRow } | { ok: false; reason: string };

// The same rule as the subscribe form and "Add a subscriber".
const emailSchema = z.string().max(320).email();
// Year, month, day, and the optional hour, minute and second, captured to check that they exist.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/**
 * The earliest created date an import takes. Nobody subscribed to a mailing
 * list before 1900; earlier dates in real files are placeholders (a
 * spreadsheet's day zero is 1899-12-30 or 1900-01-00) or typos ("0024" for
 * "2024"), and year 0 is not even a date Postgres stores: one such row would
 * fail its whole chunk's INSERT.
 */
const EARLIEST_CREATED = Date.UTC(1900, 0, 1);
/** A sign-up dated in a zone ahead of the server's can look a few hours ahead; more than a day is a wrong date. */
const FUTURE_GRACE_MS = 86_400_000;

/**
 * One CSV row as a subscriber, or the reason it cannot be one. Tags are split
 * on ";" or "|" (a comma would be the delimiter in most files); the created
 * date must be ISO (2024-03-01, optionally with a time), a real day, and
 * between 1900 and a day from now (parseCreatedDate); the status one of the
 * words readFileStatus knows.
 */
export function parseRow(fields: string[], mapping: ImportMapping, columnCount: number, now: Date): ParsedRow {
  if (fields.length > columnCount) return { ok: false, reason: `has ${fields.length} fields but the header has ${columnCount} (an unquoted delimiter inside a field?)` };
  const cell = (index: number | null | undefined) => (index === null || index === undefined ? "" : (fields[index] ?? "").trim());
  const email = cell(mapping.email);
  if (email === "") return { ok: false, reason: "no email address" };
  if (!emailSchema.safeParse(email).success) return { ok: false, reason: `"${email.slice(0, 80)}" is not an email address` };
  const name = cell(mapping.name).replace(/\s+/g, " ");
  if (name.length > 100) return { ok: false, reason: "the name is longer than 100 characters" };
  const tags = cell(mapping.tags)
    .split(/[;|]/)
    .map(normalizeTagName)
    .filter((tag) => tag !== "");
  const rawDate = cell(mapping.createdAt);
  let createdAt: Date | null = null;
  if (rawDate !== "") {
    const parsed = parseCreatedDate(rawDate, now);
    if (!parsed.ok) return parsed;
    createdAt = parsed.date;
  }
  const status = readFileStatus(cell(mapping.status));
  if (!status.ok) return status;
  return { ok: true, value: { email, key: email.toLowerCase(), name: name || null, tags: [...new Set(tags)], createdAt, status: status.status } };
}

/**
 * The created date as written, or the reason it is refused. JavaScript's Date
 * rolls impossible values over (2024-02-30 becomes 1 March, 24:00 the next
 * day), so the fields written must be the ones of a real day and time; the
 * instant must then fall between 1900 and a day from now.
 */
function parseCreatedDate(raw: string, now: Date): { ok: true; date: Date } | { ok: false; reason: string } {
  const shown = raw.slice(0, 40);
  const fields = ISO_DATE.exec(raw);
  if (!fields) return { ok: false, reason: `the created date "${shown}" is not a date like 2024-03-01` };
  const [year, month, day, hour, minute, second] = fields.slice(1, 7).map((field) => Number(field ?? 0)) as [number, number, number, number, number, number];
  // Day 0 of the next month is the last day of this one.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return { ok: false, reason: `the created date "${shown}" does not exist (there is no such day in that month)` };
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, reason: `the created date "${shown}" does not exist (there is no such time of day)` };
  const date = new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw.replace(" ", "T"));
  if (Number.isNaN(date.getTime())) return { ok: false, reason: `the created date "${shown}" is not a date like 2024-03-01` };
  if (date.getTime() < EARLIEST_CREATED) return { ok: false, reason: `the created date "${shown}" is before 1900 (a placeholder or a typo?)` };
  if (date.getTime() > now.getTime() + FUTURE_GRACE_MS) return { ok: false, reason: `the created date ${shown} is in the future` };
  return { ok: true, date };
}
