import { isWebUrl } from "../rich-text/safe-url.ts";

export type ImageRef = { src: string; alt: string };

/**
 * The pictures in a block, in order: every object in its data with an image `src` (the Image block,
 * a story's or a catch-up item's image) and every video's thumbnail. Like listStories, a walk over the
 * typed data, so a new block type's images are found without code here.
 */
export function listImages(block: { data: unknown }): ImageRef[] {
  const found: ImageRef[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== "object" || value === null) return;
    const record = value as Record<string, unknown>;
    const text = (key: string) => (typeof record[key] === "string" ? (record[key] as string) : "");
    if (isWebUrl(text("src"))) found.push({ src: text("src"), alt: text("alt") });
    if (isWebUrl(text("thumbnailUrl"))) found.push({ src: text("thumbnailUrl"), alt: text("title") });
    Object.values(record).forEach(visit);
  };
  visit(block.data);
  return found;
}

/** The picture that stands for an issue where it is shared (og:image): the first of its blocks'. */
export function leadImage(blocks: { data: unknown }[]): ImageRef | null {
  for (const block of blocks) {
    const [first] = listImages(block);
    if (first) return first;
  }
  return null;
}
