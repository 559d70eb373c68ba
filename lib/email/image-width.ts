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

/** A logo's box in the header of an email: at most this wide and this tall, drawn at half its pixels (sharp on dense screens). */
export const LOGO_BOX = { width: 240, height: 64 };

/**
 * The size to draw a publication's logo at: an upload's own proportions, fitted into LOGO_BOX at half
 * its pixel size (an upload is at most 1,200 pixels wide), so a 400 × 120 logo shows at 200 × 60. A
 * remote logo's size is unknown: it gets the box's height and a width the client works out.
 */
export function logoSize(src: string): { width?: number; height: number } {
  const size = mediaSizeFromUrl(src);
  if (!size) return { height: LOGO_BOX.height };
  const scale = Math.min(0.5, LOGO_BOX.width / size.width, LOGO_BOX.height / size.height);
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}
