/**
 * Whether a pasted newsletter is Markdown rather than plain text. Reading plain
 * text as Markdown loses what it shows literally (a "*", "_" or "#" would turn
 * into a mark and vanish), so the rule asks for marks that plain text copied
 * from an email, a web page or a PDF does not carry by accident. Once micromark
 * has parsed the paste (CommonMark), any one of these makes it Markdown:
 *
 * - a link written in brackets to an http(s) or mailto address, `[Reuters](https://…)`
 *   or `[Reuters][1]` with its definition. An `<https://…>` autolink does not
 *   count: plain-text email writes addresses that way.
 * - a `#` heading as the first thing in the paste (the title), or two `#`
 *   headings anywhere. One "# " line further down is as likely a stray hash.
 * - two lines that start in `**bold**` or `__bold__` followed by a space, a
 *   colon or the line's end, as Markdown writes headlines and labels
 *   ("**What's new:** …"); "__init__.py" is a file name. Bold inside a sentence, a
 *   stray asterisk, an underlined (setext) heading, a code fence or a list
 *   does not count: each is common in plain text or says nothing of structure.
 *
 * A paste longer than an import of Markdown reads (MAX_IMPORT_MARKDOWN), or one
 * micromark would read slowly for its length (`checkMarkup`), is plain text:
 * the Markdown importer would parse it again field by field.
 */
import type * as md from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { MAX_IMPORT_MARKDOWN } from "../issues/import-issue-markdown.ts";
import { checkMarkup } from "../rich-text/check-markup.ts";
import { isSafeLinkUrl } from "../rich-text/safe-url.ts";

export function looksLikeMarkdown(text: string): boolean {
  // Longer than an import of Markdown reads, or heavy for its length: read as plain text, never parsed whole.
  if (text.length > MAX_IMPORT_MARKDOWN || checkMarkup(text, { weightChars: 1 })) return false;
  const root = fromMarkdown(text);
  const source = (node: md.Nodes) => text.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
  const definitions = new Map<string, string>();
  for (const node of root.children) if (node.type === "definition") definitions.set(node.identifier.toLowerCase(), node.url);

  let hashHeadings = 0;
  let boldLineStarts = 0;
  let bracketLink = false;
  const visit = (node: md.Nodes, parent: md.Parent | undefined, index: number) => {
    if (node.type === "link" && source(node).startsWith("[") && isSafeLinkUrl(node.url)) bracketLink = true;
    if (node.type === "linkReference" && isSafeLinkUrl(definitions.get(node.identifier.toLowerCase()) ?? "")) bracketLink = true;
    if (node.type === "heading" && /^\s*#/u.test(source(node))) hashHeadings += 1;
    if (node.type === "strong" && /^(?:\*\*|__)/u.test(source(node))) {
      const previous = parent?.children[index - 1];
      // A label or a headline: what follows the bold is a space, a colon or the line's end. "__init__.py" at
      // the start of a line is CommonMark's bold too, but a file name in plain text, and reads on into ".py".
      const following = text.slice(node.position?.end.offset ?? 0, (node.position?.end.offset ?? 0) + 1);
      const startsLine = previous === undefined || (previous.type === "text" && /\n\s*$/u.test(previous.value));
      if (startsLine && (following === "" || /[\s:]/u.test(following))) boldLineStarts += 1;
    }
    if ("children" in node) node.children.forEach((child, childIndex) => visit(child, node, childIndex));
  };
  visit(root, undefined, 0);

  const first = root.children[0];
  const titledWithHash = first?.type === "heading" && /^\s*#/u.test(source(first));
  return bracketLink || titledWithHash || hashHeadings >= 2 || boldLineStarts >= 2;
}
