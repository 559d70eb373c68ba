import { z } from "zod";
import { normalizeTagName } from "../../tags/ensure-tags.ts";
import type { ImportMapping } from "./mapping.ts";

export type ImportRow = { email: string; key: string; name: string | null; tags: string[]; createdAt: Date | null };
export type ParsedRow = { ok: true; value: ImportRow } | { ok: false; reason: string };

// The same rule as the subscribe form and "Add a subscriber".
const emailSchema = z.string().max(320).email();
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * One CSV row as a subscriber, or the reason it cannot be one. Tags are split
 * on ";" or "|" (a comma would be the delimiter in most files); the created
 * date must be ISO (2024-03-01, optionally with a time), never in the future.
 */
export function parseRow(fields: string[], mapping: ImportMapping, columnCount: number, now: Date): ParsedRow {
  if (fields.length > columnCount) return { ok: false, reason: `has ${fields.length} fields but the header has ${columnCount} (an unquoted delimiter inside a field?)` };
  const cell = (index: number | null) => (index === null ? "" : (fields[index] ?? "").trim());
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
    const parsed = ISO_DATE.test(rawDate) ? new Date(rawDate.length === 10 ? `${rawDate}T00:00:00Z` : rawDate.replace(" ", "T")) : null;
    if (!parsed || Number.isNaN(parsed.getTime())) return { ok: false, reason: `the created date "${rawDate.slice(0, 40)}" is not a date like 2024-03-01` };
    if (parsed.getTime() > now.getTime() + 86_400_000) return { ok: false, reason: `the created date ${rawDate.slice(0, 40)} is in the future` };
    createdAt = parsed;
  }
  return { ok: true, value: { email, key: email.toLowerCase(), name: name || null, tags: [...new Set(tags)], createdAt } };
}
