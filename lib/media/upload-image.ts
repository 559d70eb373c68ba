import { createHash } from "node:crypto";
import type { Actor } from "../auth/permissions.ts";
import type { Database } from "../db/client";
import { getPublication } from "../publication/get-publication.ts";
import { mediaUrl } from "./media-path.ts";
import { prepareImage } from "./prepare-image.ts";
import { MAX_IMAGE_BYTES, readImage } from "./read-image.ts";
import { stripControlCharacters } from "../text/control-characters.ts";
import { cutText, withoutUnstorable } from "../text/storable-text.ts";

export type UploadedImage = { ok: true; url: string; width: number; height: number };
export type ImageRefused = { ok: false; reason: "invalid" | "too-large" | "not-found"; message: string };

/**
 * An image for an issue, uploaded in the composer: checked from its bytes (lib/media/read-image.ts),
 * scaled down, turned upright and stripped of camera metadata where it needs it (prepare-image.ts),
 * stored once under the SHA-256 of what is stored, and answered with the absolute URL that blocks
 * store, on the publication's site, because mail clients fetch it from there. The same file uploaded
 * again gives the same URL and adds nothing.
 */
export async function uploadImage(prisma: Database, actor: Actor, { file }: { file: unknown }): Promise<UploadedImage | ImageRefused> {
  if (!(file instanceof Blob)) return { ok: false, reason: "invalid", message: "Choose an image to upload." };
  // Refused before its bytes are copied; readImage checks the same limit for callers with bytes in hand.
  if (file.size > MAX_IMAGE_BYTES) return { ok: false, reason: "too-large", message: `The image is ${(file.size / 2 ** 20).toFixed(1)} MB; the limit is ${MAX_IMAGE_BYTES / 2 ** 20} MB. Save it smaller.` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const image = readImage(bytes);
  if (!image.ok) return { ok: false, reason: "invalid", message: image.message };
  const prepared = await prepareImage(bytes, image);
  if (!prepared.ok) return { ok: false, reason: "invalid", message: prepared.message };
  const publication = await getPublication(prisma);
  if (!publication) return { ok: false, reason: "not-found", message: "Set up the publication first." };
  const id = createHash("sha256").update(prepared.bytes).digest("hex");
  // Cut without halving an emoji, and without characters a column cannot hold (a NUL) or shows as boxes.
  const fileName = ("name" in file && typeof file.name === "string" && cutText(withoutUnstorable(stripControlCharacters(file.name)).trim(), 200)) || `image.${image.extension}`;
  await prisma.mediaFile.upsert({
    where: { id },
    create: {
      id,
      publicationId: publication.id,
      uploadedById: actor.id,
      fileName,
      contentType: image.contentType,
      extension: image.extension,
      byteSize: prepared.bytes.byteLength,
      width: prepared.width,
      height: prepared.height,
      data: prepared.bytes,
    },
    update: {},
  });
  return { ok: true, url: mediaUrl(publication.siteUrl, { id, extension: image.extension, width: prepared.width, height: prepared.height }), width: prepared.width, height: prepared.height };
}
