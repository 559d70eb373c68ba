import { parse } from "parse5";
import type { DefaultTreeAdapterMap } from "parse5";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "cite", "poster", "background", "xlink:href"]);

/** What a browser would build from the HTML: the parts that could run script. */
export function scanHtml(html: string) {
  const found = { scriptElements: 0, eventHandlers: [] as string[], unsafeUrls: [] as string[], elements: [] as Element[] };
  const visit = (node: Node) => {
    if ("tagName" in node) {
      found.elements.push(node);
      if (node.tagName === "script" || node.tagName === "iframe" || node.tagName === "object" || node.tagName === "embed") found.scriptElements++;
      for (const attribute of node.attrs) {
        if (/^on/i.test(attribute.name)) found.eventHandlers.push(`${node.tagName}[${attribute.name}]`);
        const value = attribute.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
        if (URL_ATTRIBUTES.has(attribute.name) && /^(javascript|data|vbscript):/.test(value)) {
          found.unsafeUrls.push(`${node.tagName}[${attribute.name}=${attribute.value}]`);
        }
      }
    }
    if ("content" in node && node.content) visit(node.content as unknown as Node);
    if ("childNodes" in node) for (const child of node.childNodes) visit(child);
  };
  visit(parse(html));
  return found;
}

/** The visible text of an HTML document, entity-decoded, whitespace collapsed. */
export function htmlText(html: string): string {
  return textOf(parse(html));
}

/** The text inside one parsed node (inline text runs join without spaces, as a browser shows them). */
export function textOf(node: Node): string {
  const parts: string[] = [];
  const visit = (current: Node) => {
    if (current.nodeName === "#text" && "value" in current) parts.push(current.value);
    if ("tagName" in current && (current.tagName === "style" || current.tagName === "script")) return;
    if ("childNodes" in current) for (const child of current.childNodes) visit(child);
  };
  visit(node);
  return parts.join("").replace(/\s+/g, " ");
}
