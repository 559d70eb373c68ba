/**
 * One line of a Markdown paste, as laid out by `layOutMarkdown`, read for the
 * fields that hold plain text (a title, a headline, a noteworthy item) and for
 * the links those fields' `url` and `source` come from.
 */
import type * as md from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { toString } from "mdast-util-to-string";
import { isWebUrl } from "../rich-text/safe-url.ts";

export type InlineLink = { text: string; url: string };

export type InlineMarkdown = {
  /** The words on one line, without marks or link addresses. */
  text: string;
  /** Links to web pages (http or https), in order, each with its words. */
  links: InlineLink[];
  /**
   * A web link that ends the line after other words, "Grid storage doubles
   * [Reuters](https://…)", with those words: the way a list names its source.
   */
  trailing?: InlineLink & { before: string };
};

const oneLine = (text: string) => text.replace(/\s+/gu, " ").trim();

/** What may stand between an item's words and its source link: "… — [Reuters]", "… via [Reuters]", "… ([Reuters])". */
const SOURCE_SEPARATOR = /\s*(?:[—–\-|:(]|\bvia)\s*$/iu;

export function readInlineMarkdown(line: string): InlineMarkdown {
  const root = fromMarkdown(line);
  const links: InlineLink[] = [];
  const visit = (node: md.Nodes) => {
    if (node.type === "link" && isWebUrl(node.url)) links.push({ text: oneLine(toString(node)), url: node.url });
    if ("children" in node) for (const child of node.children) visit(child);
  };
  visit(root);
  return { text: oneLine(toString(root)), links, trailing: trailingLink(root) };
}

function trailingLink(root: md.Root): InlineMarkdown["trailing"] {
  const paragraph = root.children.length === 1 ? root.children[0] : undefined;
  if (paragraph?.type !== "paragraph") return undefined;
  const children = [...paragraph.children];
  const last = children.at(-1);
  // "([Reuters](…))": a parenthesis closing after the link is the separator's, if one opened before it.
  let closes = false;
  if (last?.type === "text" && /^\s*\)?\s*$/u.test(last.value)) {
    children.pop();
    closes = last.value.includes(")");
  }
  const link = children.pop();
  if (link?.type !== "link" || !isWebUrl(link.url)) return undefined;
  const words = toString({ type: "paragraph", children });
  if (closes && !/\(\s*$/u.test(words)) return undefined;
  const before = oneLine(words.replace(SOURCE_SEPARATOR, ""));
  if (!before) return undefined;
  return { text: oneLine(toString(link)), url: link.url, before };
}
