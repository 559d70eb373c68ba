/**
 * Where an uploaded image is served, /media/<sha-256 in hex>.<extension>, as the absolute URL blocks
 * store: mail clients fetch images from the publication's site.
 */
export function mediaUrl(siteUrl: string, file: { id: string; extension: string }): string {
  return `${siteUrl.replace(/\/+$/, "")}/media/${file.id}.${file.extension}`;
}

/** The id and extension a /media/ name asks for, or null for a name no upload could have. */
export function parseMediaName(name: string): { id: string; extension: string } | null {
  const match = /^([0-9a-f]{64})\.(png|jpg|gif|webp)$/.exec(name);
  return match ? { id: match[1]!, extension: match[2]! } : null;
}
