import { escapeHtml } from "../text/escape-html.ts";

/** The entities React writes in attribute values (and &#39;, which escapeHtml writes). */
const ENTITIES: Record<string, string> = { "&amp;": "&", "&quot;": '"', "&#x27;": "'", "&#39;": "'", "&lt;": "<", "&gt;": ">" };

/** A scheme ("https:", "mailto:") makes a URL absolute; anything else depends on where it is read. */
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * HTML rendered by React (lib/web/render-static-html.ts) with every relative `href` and `src` made
 * absolute against `base`: for a copy read away from its page, such as a feed item, where a reader
 * would resolve "/media/a.jpg" or "#story-1" against the feed's own address, or not at all.
 *
 * Attributes are found by pattern, which is sound for React's output only: React quotes every
 * attribute with `"` and escapes `"` in text, so ` href="` cannot occur outside a tag.
 */
export function absoluteUrls(html: string, base: string): string {
  return html.replace(/ (href|src)="([^"]*)"/g, (whole, name: string, escaped: string) => {
    const url = escaped.replace(/&(?:amp|quot|#x27|#39|lt|gt);/g, (entity) => ENTITIES[entity]!);
    if (url === "" || HAS_SCHEME.test(url)) return whole;
    try {
      return ` ${name}="${escapeHtml(new URL(url, base).href)}"`;
    } catch {
      // Unresolvable even against the base: a reader could not follow it either, so leave it out.
      return "";
    }
  });
}
