/**
 * The only URL schemes any output may link to. Everything else, including
 * `javascript:`, `data:` and scheme-relative URLs, renders as plain text.
 */
const LINK_SCHEMES = new Set(["http:", "https:", "mailto:"]);
const WEB_SCHEMES = new Set(["http:", "https:"]);

function parse(url: string): URL | undefined {
  // Browsers strip leading control characters and spaces before reading a scheme.
  if (url !== url.trim() || /[\u0000-\u001f]/.test(url)) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** An absolute http(s) URL with a host: story links, images, sources. */
export function isWebUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== undefined && WEB_SCHEMES.has(parsed.protocol) && parsed.hostname.length > 0;
}

/** A link inside rich text: http(s) with a host, or mailto with an address. */
export function isSafeLinkUrl(url: string): boolean {
  const parsed = parse(url);
  if (!parsed || !LINK_SCHEMES.has(parsed.protocol)) return false;
  return parsed.protocol === "mailto:" ? parsed.pathname.includes("@") : parsed.hostname.length > 0;
}
