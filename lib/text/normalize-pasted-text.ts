/**
 * Pasted text carries the habits of wherever it was copied from: Windows line
 * ends, no-break spaces, invisible characters, mis-decoded UTF-8, bullets the
 * copy left on lines of their own. This evens them out before any structure is
 * read, so that "What’s new:" matches however it was pasted.
 */
import { repairMojibakeWithCount } from "./repair-mojibake.ts";

/** A line holding a bullet and no words: what a copy leaves when a list item's text went to the next line. */
const BULLET_ONLY_LINE = /^\s*[•◦▪▫‣●○■□∙·*+\-–—]\s*$/u;

const INVISIBLE = /[\u200B\u200C\u200D\u2060\uFEFF\u00AD]/gu;
const JOINED_BY_CHARACTER = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{L}\p{M}]/u;

/**
 * Zero-width joiners and non-joiners mean something between emoji (👩‍🔬) and
 * in scripts such as Persian or Devanagari; next to Latin text or spaces they
 * are copy debris.
 */
function isMeaningfulJoiner(char: string, whole: string, offset: number): boolean {
  if (char !== "\u200C" && char !== "\u200D") return false;
  const previous = Array.from(whole.slice(Math.max(0, offset - 2), offset)).at(-1);
  const nextCode = whole.codePointAt(offset + 1);
  const next = nextCode === undefined ? undefined : String.fromCodePoint(nextCode);
  const joins = (neighbour: string | undefined) =>
    neighbour !== undefined && JOINED_BY_CHARACTER.test(neighbour) && !/[\p{Script=Latin}]/u.test(neighbour);
  return joins(previous) && joins(next);
}

export function normalizePastedText(pasted: string): { text: string; repairedWords: number } {
  const lineEnds = pasted.replace(/\r\n?|[\u2028\u2029\v\f]/g, "\n");
  // Before the no-break spaces go: "Ã\u00A0" is how "à" looks once mis-decoded.
  const { text: repaired, repairedWords } = repairMojibakeWithCount(lineEnds);
  const text = repaired
    .replace(/[\u00A0\u202F]/g, " ")
    .replace(INVISIBLE, (char: string, offset: number, whole: string) => (isMeaningfulJoiner(char, whole, offset) ? char : ""))
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => !BULLET_ONLY_LINE.test(line))
    .join("\n");
  return { text, repairedWords };
}
