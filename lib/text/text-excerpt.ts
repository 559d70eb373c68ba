import { RULE_LINE } from "./rule-line.ts";
import { cutText } from "./storable-text.ts";

/**
 * A block's plain text as a one-line excerpt of at most `max` characters: its lines run together, without
 * the underlines and rules that lay it out in an email's text part, which on one line read as "Title =====".
 */
export function textExcerpt(text: string, max: number): string {
  const line = text
    .split("\n")
    .filter((part) => !RULE_LINE.test(part))
    .map((part) => part.trim())
    .filter(Boolean)
    .join(" ")
    .replace(/\s+/g, " ");
  return line.length > max ? `${cutText(line, max - 1).trimEnd()}…` : line;
}
