/**
 * Control characters that no feed, and no XML document, may carry: XML 1.0 forbids the C0 controls
 * other than tab, LF and CR, and the noncharacters U+FFFE and U+FFFF. They are invisible in the
 * composer and survive pasting (Word's and PowerPoint's soft line break is U+000B), so one of them in
 * a title or a story would otherwise make the whole RSS or Atom feed unreadable.
 */
const XML_FORBIDDEN_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * `text` without such characters: every text field of an issue drops them as it is read
 * (lib/blocks/fields.ts), and the feeds drop them from whatever else they write. U+000B and U+000C
 * are line breaks (a soft return between two words), so they become a space rather than joining the
 * words; the rest are dropped.
 */
export function stripControlCharacters(text: string): string {
  return text.replace(XML_FORBIDDEN_ALL, (char) => (char === "\u000B" || char === "\u000C" ? " " : ""));
}
