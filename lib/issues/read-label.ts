/**
 * The "Label:" that starts a roundup story's part in a pasted newsletter.
 * Shared by the plain-text importer, which reads it from a line, and the
 * Markdown layout, which unwraps a bold "**What's new:**" so it reads as one.
 */

const KNOWN_LABELS = new Set(["what's new", "my take", "how it works", "why it matters"]);

const foldQuotes = (text: string) => text.replace(/[‘’‛′`´]/g, "'").replace(/[“”„‟″]/g, '"');

/** "What’s new", "my take": a label the roundup suggests, in any case and with any apostrophe. */
export function isKnownLabel(text: string): boolean {
  return KNOWN_LABELS.has(foldQuotes(text.trim()).toLowerCase());
}

/**
 * "What’s new: …", "Inside solar cells: …", "Apples vs. Pears vs. Plums: …".
 * A free label is at most 6 words and 60 characters, starts with a capital
 * or a digit, has no sentence punctuation (a dot only ends a short word such
 * as "vs." or "U.S.") and is followed by a new sentence (a capital, digit or
 * quote) or by nothing: "The study found three things: prices fell…" is prose.
 */
export function readLabel(line: string): { label: string; rest: string } | undefined {
  const match = /^([^:]{1,60}):(?:\s+(.*))?$/u.exec(line);
  if (!match) return undefined;
  const label = (match[1] ?? "").trim();
  const rest = match[2] ?? "";
  if (!label) return undefined;
  if (isKnownLabel(label)) return { label, rest };
  const words = label.split(/\s+/);
  if (words.length > 6 || !/^[\p{Lu}\p{N}]/u.test(label)) return undefined;
  if (/[!?;,()"“”\[\]]/u.test(label) || /https?$/i.test(label)) return undefined;
  if (rest && !/^[\p{Lu}\p{N}"“'‘(]/u.test(rest)) return undefined;
  if (words.some((word) => word.includes(".") && !/^(?:[\p{L}]{1,3}\.|(?:[\p{L}]\.)+)$/u.test(word))) return undefined;
  return { label, rest };
}
