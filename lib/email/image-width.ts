import { mediaSizeFromUrl } from "../media/media-path.ts";
import { emailStyles } from "./styles.ts";

/**
 * How an email draws an image in a box `box` pixels wide: across the box, so a large picture fits
 * (and is sharp on high-density screens), or at an uploaded picture's own width when it is narrower,
 * so a logo is not stretched. A remote image's size is unknown: it gets the box. The width is both
 * the attribute (Outlook reads only that) and the CSS (which the other clients read instead).
 */
export function emailImageProps(src: string, box: number): { width: number; style: typeof emailStyles.image & { width: string; maxWidth: string } } {
  const size = mediaSizeFromUrl(src);
  const width = size ? Math.min(box, size.width) : box;
  return { width, style: { ...emailStyles.image, width: width < box ? `${width}px` : "100%", maxWidth: `${width}px` } };
}
