/**
 * A linear look at Markdown before micromark reads it, refusing text that
 * micromark (through mdast-util-from-markdown) would take far longer to read
 * than its length says, with the reason. Four things make it slow or worse:
 *
 * - Marks that look back. Every "]" looks back for its "[", every run of "*"
 *   or "_" that could close emphasis walks back through its paragraph for an
 *   opener: work that grows with the square of their number in a paragraph
 *   ("*a_" 3,333 times, 10 kB, took a second). A paragraph (text between
 *   blank lines, where the looking stops) may hold √(LOOK_BACK_FACTOR × its
 *   length) of them, at least LOOK_BACK_MIN, so the square grows only as the
 *   length. A 1,000-character paragraph may hold 200 (a link, a bold and an
 *   italic every fifteen characters), a 10,000-character one 632.
 * - Marks that read ahead and never close: a "](" whose link does not end in
 *   a ")" on the spot, a run of backticks no equal run follows, a "<" no ">"
 *   follows. Each reads on to the end of its paragraph ("[a](" 2,500 times
 *   took a fifth of a second, 25,000 times eight); closed ones stop where
 *   they close. At most UNCLOSED_MAX of them per paragraph.
 * - Markup in itself, read in linear time but slowly: a link costs micromark
 *   as much as some 500 characters of prose, a list item 900, a paragraph
 *   600, a line break 170, an emphasis or entity about 100, an escape 70, so text
 *   of little else ("- a" lines, "\\)" repeated) took up to a hundred times
 *   as long as prose. Each counts for its cost in WEIGHTS (a unit is about a
 *   hundred characters of prose), and a text may weigh WEIGHT_MIN plus one
 *   unit per WEIGHT_CHARS characters: a link every twenty characters, a list
 *   of links or a short list is fine.
 * - Nesting. Lists and quotations nested a thousand deep overflow the stack
 *   of the code that walks micromark's tree (a crash, not a slow read): a
 *   line may be at most MAX_NESTING deep, counting the markers it opens and
 *   its indentation (two spaces a level, as a nested list item is indented).
 *
 * What is left grows linearly with the text: measured at worst about four
 * times as long as prose dense with links, the same length.
 */
export const LOOK_BACK_FACTOR = 40;
export const LOOK_BACK_MIN = 16;
export const UNCLOSED_MAX = 16;
export const WEIGHTS = { mark: 1, escape: 0.5, link: 3, lineEnding: 2, paragraph: 3, container: 3 } as const;
// Generous, so a field that is short and all markup by nature passes: a list of some eighty one-word items
// ("- Rust", "- Go"…) weighs about 400. Such a field is short, so what it costs is bounded by its length.
export const WEIGHT_MIN = 400;
export const WEIGHT_CHARS = 5;
export const MAX_NESTING = 32;

export type MarkupProblem = { message: string };

const PARAGRAPH_BREAK = /\n[ \t]*\n/;
// An escape first, so that "\[" or "\`" is read as the plain character it is.
const MARK = /\\[!-/:-@[-`{-~]|\]\(|[[\]<]|\*+|_+|`+|&[#A-Za-z]/g;
const ALPHANUMERIC = /[\p{L}\p{N}]/u;
// A link's "(destination)" that ends on the spot: a destination without spaces (parentheses at most one
// deep) or in <angle brackets>, then optionally a "title", 'title' or (title), as CommonMark allows.
const CLOSED_RESOURCE = /\(\s*(?:<[^<>\n]*>|(?:[^\s()\\]|\\.|\([^\s()\\]*\))*)(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)/y;
// The list items and quotation levels a line opens: "> > - 1. text" opens four.
const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)))+/gm;
const CONTAINER = />|[-+*]|\d{1,9}[.)]/g;
const LINE_ENDING = /\r\n?|\n/g;

/**
 * A problem when micromark would read `source` slowly for its length; null when it is fine.
 * `weightChars` (WEIGHT_CHARS unless given) is how many characters buy one unit of weight: a
 * whole issue's Markdown, whose format puts each block's marker, heading and labels on short
 * lines of their own, is read with a lower one (its length is capped instead).
 */
export function checkMarkup(source: string, { weightChars = WEIGHT_CHARS }: { weightChars?: number } = {}): MarkupProblem | null {
  const paragraphs = source.split(PARAGRAPH_BREAK);
  let weight = WEIGHTS.lineEnding * count(source, LINE_ENDING) + WEIGHTS.paragraph * paragraphs.length;
  for (const [prefix] of source.matchAll(CONTAINER_PREFIX)) {
    const markers = count(prefix, CONTAINER);
    if (markers + Math.floor((prefix.length - prefix.trimStart().length) / 2) > MAX_NESTING) {
      return { message: `has lists or quotations nested more than ${MAX_NESTING} deep: flatten them` };
    }
    weight += WEIGHTS.container * markers;
  }
  for (const paragraph of paragraphs) {
    const read = readParagraph(paragraph);
    if (typeof read === "string") return { message: `${read} (in the paragraph starting "${paragraph.trim().slice(0, 40)}")` };
    weight += read;
  }
  if (weight > WEIGHT_MIN + source.length / weightChars) {
    return { message: "has more markup than its length can carry (links, emphasis, backslashes, list items, quotation marks, short lines): remove some, or join short lines" };
  }
  return null;
}

/** The weight of the paragraph's marks, or what is wrong with them. */
function readParagraph(paragraph: string): number | string {
  const allowed = Math.max(LOOK_BACK_MIN, Math.floor(Math.sqrt(LOOK_BACK_FACTOR * paragraph.length)));
  // Where each closing character occurs last: a mark that opens after it cannot close.
  const lastGreater = paragraph.lastIndexOf(">");
  const lastRun = lastRunOfEachLength(paragraph);
  let weight = 0;
  let lookBack = 0;
  let unclosed = 0;
  for (const match of paragraph.matchAll(MARK)) {
    const mark = match[0];
    const at = match.index;
    // An escape is the cheapest mark, and the one plain text pasted into an issue is full of ("\\*", "\\[").
    weight += mark === "](" ? WEIGHTS.link : mark.startsWith("\\") ? WEIGHTS.escape : WEIGHTS.mark;
    // An underscore inside a word (snake_case, a URL's path) costs its weight but can neither open nor close emphasis.
    if (mark.startsWith("_") && ALPHANUMERIC.test(paragraph[at - 1] ?? "") && ALPHANUMERIC.test(paragraph[at + mark.length] ?? "")) continue;
    if (mark === "](") {
      lookBack++;
      CLOSED_RESOURCE.lastIndex = at + 1;
      if (!CLOSED_RESOURCE.test(paragraph)) unclosed++;
    } else if (mark === "<") {
      // Only a "<" that could open an autolink or a tag reads ahead: "latency < 10 ms" is text to micromark.
      if (/[A-Za-z/!?]/.test(paragraph[at + 1] ?? "") && lastGreater < at) unclosed++;
    } else if (mark.startsWith("`")) {
      if ((lastRun.get(mark.length) ?? -1) <= at) unclosed++;
    } else if (mark === "[" || mark === "]" || mark.startsWith("*") || mark.startsWith("_")) lookBack++;
    if (lookBack > allowed) return `has more brackets, asterisks and underscores in one paragraph than can be read quickly (over ${allowed} in ${paragraph.length} characters): remove some, or split the paragraph with blank lines`;
    if (unclosed > UNCLOSED_MAX) return `has more than ${UNCLOSED_MAX} links, backticks or "<" in one paragraph that never close: finish or remove them, or escape them with a backslash`;
  }
  return weight;
}

/**
 * For each length of backtick run, where the last run of that length starts. Read raw: inside
 * code a backslash escapes nothing, so in "\\``" the run that could close is "``", not "`".
 */
function lastRunOfEachLength(paragraph: string): Map<number, number> {
  const last = new Map<number, number>();
  for (const match of paragraph.matchAll(/`+/g)) last.set(match[0].length, match.index);
  return last;
}

function count(text: string, pattern: RegExp): number {
  let n = 0;
  for (const _ of text.matchAll(pattern)) n++;
  return n;
}
