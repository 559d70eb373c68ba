import type { Actor } from "../auth/permissions.ts";
import { commands } from "../commands.ts";
import type { Database } from "../db/client";
import { receiveFormFile } from "../http/receive-form-file.ts";
import { MAX_IMAGE_BYTES } from "./read-image.ts";

/** The body an image upload may have: the file plus the form's framing. */
export const MAX_IMAGE_BODY_BYTES = MAX_IMAGE_BYTES + 16 * 1024;

export type ImageUploadAnswer =
  | { status: 201; url: string; width: number; height: number }
  | { status: 400 | 401 | 403 | 404 | 413 | 415; message: string };

/**
 * An image from the composer, as POST /editor/media receives it: a multipart form with the image in
 * `file`, checked by lib/http/receive-form-file.ts (origin, session, role, size), then by the
 * uploadImage command, which reads what the bytes are.
 */
export async function receiveImageUpload(prisma: Database, request: Request, { actor, appUrl }: { actor: Actor | null; appUrl: string }): Promise<ImageUploadAnswer> {
  const received = await receiveFormFile(request, {
    actor,
    appUrl,
    permission: "media.upload",
    maxBodyBytes: MAX_IMAGE_BODY_BYTES,
    says: {
      crossSite: "This upload did not come from the editor of this site.",
      forbidden: (role) => `A ${role} may not upload images.`,
      tooLarge: `The image is larger than ${MAX_IMAGE_BYTES / 2 ** 20} MB, the limit. Save it smaller.`,
      noFile: "Choose an image to upload.",
    },
  });
  if (!received.ok) return { status: received.status, message: received.message };
  const result = await commands.uploadImage(prisma, received.actor, { file: received.file });
  if (result.ok) return { status: 201, url: result.url, width: result.width, height: result.height };
  return { status: result.reason === "too-large" ? 413 : result.reason === "not-found" ? 404 : 400, message: result.message };
}
