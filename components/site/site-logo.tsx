import { mediaSizeFromUrl } from "@/lib/media/media-path";
import { isWebUrl } from "@/lib/rich-text/safe-url";

/**
 * The publication's logo above its name (Settings → Logo). Decorative: the
 * heading beside it says the name. An upload's size is in its URL, so the
 * page keeps its place while it loads; CSS caps its height.
 */
export function SiteLogo({ src }: { src: string }) {
  if (!isWebUrl(src)) return null;
  const size = mediaSizeFromUrl(src);
  // eslint-disable-next-line @next/next/no-img-element -- the publication's own image at its own size, not an asset Next should optimise
  return <img className="site-logo" src={src} alt="" {...(size ? { width: size.width, height: size.height } : {})} />;
}
