import { linkTargets } from "../rich-text/parse-rich-text.ts";
import type { Block } from "./registry.ts";

/**
 * The story (anchor id) a link in an issue belongs to: the story, paper or
 * item whose own URL it is, or whose text links to it. Null for links outside
 * any story (the intro, the footer).
 */
export function findStoryForLink(blocks: Block[], url: string): string | null {
  for (const block of blocks) {
    const found = search(block.data, url);
    if (found) return found;
  }
  return null;
}

function search(value: unknown, url: string): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = search(item, url);
      if (found) return found;
    }
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.id === "string" && mentions(record, url)) return record.id;
  for (const child of Object.values(record)) {
    const found = typeof child === "object" ? search(child, url) : null;
    if (found) return found;
  }
  return null;
}

function mentions(value: unknown, url: string): boolean {
  if (typeof value === "string") return value === url || (value.includes(url) && linkTargets(value).includes(url));
  if (Array.isArray(value)) return value.some((item) => mentions(item, url));
  if (typeof value === "object" && value !== null) return Object.values(value).some((item) => mentions(item, url));
  return false;
}
