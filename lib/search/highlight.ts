/**
 * Postgres's ts_headline wraps matches in the markers it is given and returns
 * the text around them as is. Its output is never HTML: the markers are two
 * private-use characters (stripped from everything indexed, so no text can
 * forge one), and the page turns the text between them into <mark> elements,
 * React escaping the rest like any other text.
 */
export const MARK_START = "\uE000";
export const MARK_STOP = "\uE001";
/**
 * ts_headline drops whatever its parser takes for an HTML tag, but the page shows
 * "<b>" written in a story as those three characters: "<" is swapped for this
 * character on the way into ts_headline and back on the way out.
 */
export const LESS_THAN = "\uE002";

/** Options for ts_headline with these markers. */
export const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
export const TITLE_HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_STOP}, HighlightAll=true`;

/** Text with matches marked, as plain JSON: `[{ text: "tidal ", mark: false }, { text: "array", mark: true }]`. */
export type Highlighted = { text: string; mark: boolean }[];

export function stripHighlightMarkers(text: string): string {
  return text.replace(/[\uE000-\uE002]/g, "");
}

export function parseHighlighted(text: string): Highlighted {
  const segments: Highlighted = [];
  let mark = false;
  for (const piece of text.replaceAll(LESS_THAN, "<").split(new RegExp(`([${MARK_START}${MARK_STOP}])`))) {
    if (piece === MARK_START) mark = true;
    else if (piece === MARK_STOP) mark = false;
    else if (piece) segments.push({ text: piece, mark });
  }
  return segments;
}
