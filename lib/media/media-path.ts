type MediaName = { id: string; extension: string; width: number; height: number };

const MEDIA_NAME = /^([0-9a-f]{64})-([1-9][0-9]{0,4})x([1-9][0-9]{0,4})\.(png|jpg|gif|webp)$/;

/**
 * Where an uploaded image is served, /media/<sha-256 in hex>-<width>x<height>.<extension>, as the
 * absolute URL blocks store: mail clients fetch images from the publication's site. The size in the
 * name lets the email draw a small picture (a logo) at its own width instead of stretching it to the
 * column (lib/email/image-width.ts), with nothing stored beside the URL in the block.
 */
export function mediaUrl(siteUrl: string, file: MediaName): string {
  return `${siteUrl.replace(/\/+$/, "")}/media/${file.id}-${file.width}x${file.height}.${file.extension}`;
}

/** What a /media/ name asks for, or null for a name no upload could have. */
export function parseMediaName(name: string): MediaName | null {
  const match = MEDIA_NAME.exec(name);
  return match ? { id: match[1]!, width: Number(match[2]), height: Number(match[3]), extension: match[4]! } : null;
}

/** The pixel size an uploaded image's URL names, or null for any other URL. */
export function mediaSizeFromUrl(url: string): { width: number; height: number } | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const name = /^\/media\/([^/]+)$/.exec(path)?.[1];
  const parsed = name ? parseMediaName(name) : null;
  return parsed ? { width: parsed.width, height: parsed.height } : null;
}
