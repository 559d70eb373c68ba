import sharp from "sharp";
import { MAX_IMAGE_PIXELS, type ReadImage } from "./read-image.ts";

/**
 * The widest image stored: twice the email's 600-pixel column, sharp on high-density screens. A phone's
 * photo (4,032 pixels across, 3 to 5 MB) becomes a few hundred KB, which every reader downloads.
 */
export const MAX_STORED_WIDTH = 1_200;

export type PreparedImage = { ok: true; bytes: Uint8Array<ArrayBuffer>; width: number; height: number };

/**
 * An upload as it is stored and served. A still PNG, JPEG or WebP is decoded whole (with sharp, the
 * library Next itself uses for images), so a damaged file is refused now rather than shown broken in
 * every inbox. It is re-encoded, in its own format, only when it needs it:
 * - wider than MAX_STORED_WIDTH: scaled down;
 * - turned by its EXIF orientation: turned upright, as readers' clients would not all do it;
 * - carrying camera metadata (EXIF, XMP, IPTC): dropped, since it may hold where the photo was taken
 *   (GPS) and who took it, and the image is public.
 * Otherwise the bytes stay as uploaded. GIFs and animated WebPs stay as uploaded too: re-encoding
 * frames would lose their timing or bloat them; their size was checked from the header.
 */
export async function prepareImage(bytes: Uint8Array<ArrayBuffer>, image: ReadImage): Promise<PreparedImage | { ok: false; message: string }> {
  if (image.extension === "gif") return { ok: true, bytes, width: image.width, height: image.height };
  try {
    const input = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS });
    const metadata = await input.metadata();
    if ((metadata.pages ?? 1) > 1) return { ok: true, bytes, width: image.width, height: image.height };
    const needsChange = image.width > MAX_STORED_WIDTH || (metadata.orientation ?? 1) > 1 || Boolean(metadata.exif || metadata.xmp || metadata.iptc);
    if (!needsChange) {
      // Kept as uploaded; reading every pixel (stats decodes the whole image) is the check that it is not damaged.
      await input.stats();
      return { ok: true, bytes, width: image.width, height: image.height };
    }
    const pipeline = input.rotate().resize({ width: MAX_STORED_WIDTH, withoutEnlargement: true });
    const encoded =
      image.extension === "jpg"
        ? pipeline.jpeg({ quality: 82, mozjpeg: true })
        : image.extension === "png"
          ? pipeline.png({ compressionLevel: 9, adaptiveFiltering: true })
          : pipeline.webp({ quality: 82 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { ok: true, bytes: Uint8Array.from(data), width: info.width, height: info.height };
  } catch {
    return { ok: false, message: "The image could not be read; the file may be damaged or cut short. Save it again and upload it." };
  }
}
