import { mediaSizeFromUrl } from "@/lib/media/media-path";
import { isWebUrl } from "@/lib/rich-text/safe-url";

const MAX_WIDTH = 240;

/**
 * The publication's logo above its name (Settings → Logo). Decorative: the
 * heading beside it says the name. An upload's size is in its URL, so the
 * logo gets its fitted box (at most 240 px wide and `maxHeight` high) as
 * attributes, and the page keeps its place while the image loads. CSS must
 * not set width/height to auto on such an image, or the box is empty until
 * the bytes arrive and the header jumps. A logo of unknown size (an
 * external URL) is fitted by CSS alone.
 */
export function SiteLogo({ src, maxHeight = 64 }: { src: string; maxHeight?: number }) {
  if (!isWebUrl(src)) return null;
  const size = mediaSizeFromUrl(src);
  const fitted = size ? fitWithin(size, MAX_WIDTH, maxHeight) : null;
  // The exact ratio, not the rounded attributes', so the box does not move by a fraction of a pixel when the image arrives.
  const box = size && fitted ? { ...fitted, style: { aspectRatio: `${size.width} / ${size.height}` } } : { style: { maxHeight } };
  // eslint-disable-next-line @next/next/no-img-element -- the publication's own image at its own size, not an asset Next should optimise
  return <img className="site-logo" src={src} alt="" {...box} />;
}

/** The largest size with the image's proportions that fits the box, never enlarged. */
function fitWithin(size: { width: number; height: number }, maxWidth: number, maxHeight: number) {
  const scale = Math.min(1, maxWidth / size.width, maxHeight / size.height);
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}
