import { mediaSizeFromUrl } from "../media/media-path.ts";
import { isWebUrl } from "../rich-text/safe-url.ts";
import type { WebRenderOptions } from "./types.ts";

/**
 * Data reaching a renderer has passed the schema, but a renderer must stay
 * safe on its own: a URL that is not http(s) is never written into an
 * attribute. Returns undefined to render the content without a link.
 */
/**
 * Remote images of unknown size get a fixed box: width and height give the
 * browser the box's ratio before the image arrives (no layout shift), and the
 * stylesheet fits the picture into it (app/globals.css, `.issue-body img`).
 */
export const WEB_IMAGE_BOX = {
  wide: { width: 1200, height: 675 },
  thumbnail: { width: 120, height: 120 },
} as const;

/**
 * A full-width picture's box: an uploaded image's own size (its URL names it, lib/media/media-path.ts),
 * so it keeps its shape uncropped and a small one is not stretched; a remote image gets the wide box.
 */
export function wideImageBox(src: string): { width: number; height: number } {
  return mediaSizeFromUrl(src) ?? WEB_IMAGE_BOX.wide;
}

export function safeWebUrl(url: string | undefined): string | undefined {
  return url && isWebUrl(url) ? url : undefined;
}

/** A story's heading on the web: linked when it has a URL, with a "#" to its own anchor unless `permalinks` is false (WebRenderOptions). */
export function AnchoredHeading({ id, text, url, permalinks = true }: { id: string; text: string; url?: string } & WebRenderOptions) {
  const href = safeWebUrl(url);
  return (
    <h3>
      {href ? (
        <a href={href} rel="noopener noreferrer">
          {text}
        </a>
      ) : (
        text
      )}
      {permalinks ? (
        <>
          {" "}
          <a className="anchor" href={`#${id}`} aria-label={`Link to “${text}”`}>
            #
          </a>
        </>
      ) : null}
    </h3>
  );
}
