/**
 * The http(s) links in a plain-text email part, each once, in order.
 *
 * A link ends at white space, `<`, `>` or `"`; then, as GitHub's autolinks do,
 * the punctuation that ends a sentence, a clause or a quotation
 * (`.` `,` `:` `;` `!` `?` `'` `*` `_` `~` `…` `’` `”`) is the text's, not the
 * link's, and so is a closing bracket that opens nowhere in the link:
 * "see http://example.com/a_(b)." keeps "http://example.com/a_(b)", and
 * "(http://example.com)" gives "http://example.com".
 */
export function linksIn(text: string): string[] {
  const links = (text.match(/https?:\/\/[^\s<>"]+/g) ?? []).map(withoutTrailingPunctuation).filter(isLink);
  return [...new Set(links)];
}

const SENTENCE_PUNCTUATION = new Set([".", ",", ":", ";", "!", "?", "'", "*", "_", "~", "…", "’", "”"]);
const OPENING = { ")": "(", "]": "[" } as const;

function withoutTrailingPunctuation(candidate: string): string {
  let link = candidate;
  for (;;) {
    const last = link.at(-1) ?? "";
    if (SENTENCE_PUNCTUATION.has(last)) link = link.slice(0, -1);
    else if ((last === ")" || last === "]") && count(link, OPENING[last]) < count(link, last)) link = link.slice(0, -1);
    else return link;
  }
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}

/** Something left of "http://" once the punctuation is gone, that reads as an address. */
function isLink(candidate: string): boolean {
  try {
    return new URL(candidate).host !== "";
  } catch {
    return false;
  }
}
