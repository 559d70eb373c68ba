import { imageSize } from "image-size";

/** An image may weigh this much: mail clients download every image of an issue, often on a phone. */
export const MAX_IMAGE_BYTES = 5 * 2 ** 20;
/** And be this large: a bigger picture is a decompression bomb for the reader's device, not a photo for a newsletter. */
export const MAX_IMAGE_SIDE = 10_000;
export const MAX_IMAGE_PIXELS = 50_000_000;

/**
 * The kinds of image every mail client shows. Never SVG: it can carry script, and
 * Gmail and Outlook do not show it anyway. Keyed by what `image-size` reads from the bytes.
 */
const KINDS = {
  png: { contentType: "image/png", extension: "png" },
  jpg: { contentType: "image/jpeg", extension: "jpg" },
  gif: { contentType: "image/gif", extension: "gif" },
  webp: { contentType: "image/webp", extension: "webp" },
} as const;

export type ImageKind = (typeof KINDS)[keyof typeof KINDS];
export type ReadImage = { ok: true; width: number; height: number } & ImageKind;

/**
 * What an uploaded file is, read from its bytes (never from its name or the type the browser
 * claimed): a PNG, JPEG, GIF or WebP image and its size in pixels, or the reason it is refused.
 */
export function readImage(bytes: Uint8Array): ReadImage | { ok: false; message: string } {
  if (bytes.byteLength === 0) return { ok: false, message: "The file is empty. Choose an image to upload." };
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    return { ok: false, message: `The image is ${(bytes.byteLength / 2 ** 20).toFixed(1)} MB; the limit is ${MAX_IMAGE_BYTES / 2 ** 20} MB. Save it smaller (a newsletter needs at most 1,200 pixels across).` };
  }
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    return { ok: false, message: "This is not an image this site can use. Upload a PNG, JPEG, GIF or WebP file." };
  }
  const kind = size.type && size.type in KINDS ? KINDS[size.type as keyof typeof KINDS] : null;
  if (!kind) {
    const named = size.type === "svg" ? "an SVG" : `a ${String(size.type).toUpperCase()} file`;
    return { ok: false, message: `This is ${named}, which not every mail client shows. Upload a PNG, JPEG, GIF or WebP file.` };
  }
  // EXIF orientations 5 to 8 turn the picture a quarter: the reader sees it the other way round.
  const turned = size.orientation !== undefined && size.orientation >= 5;
  const width = turned ? size.height : size.width;
  const height = turned ? size.width : size.height;
  if (!width || !height) return { ok: false, message: "The image's size could not be read; the file may be damaged. Save it again and upload it." };
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    return { ok: false, message: `The image is ${width} × ${height} pixels; at most ${MAX_IMAGE_SIDE.toLocaleString("en")} on a side and 50 megapixels. Save it smaller.` };
  }
  return { ok: true, ...kind, width, height };
}
