import type { Actor } from "../../auth/permissions.ts";
import { commands } from "../../commands.ts";
import type { Database } from "../../db/client";
import { receiveFormFile } from "../../http/receive-form-file.ts";
import { MAX_IMPORT_BYTES } from "./read-csv.ts";

/** The body an upload may have: the file plus the form's framing (boundaries, the part's headers and file name). */
export const MAX_UPLOAD_BODY_BYTES = MAX_IMPORT_BYTES + 64 * 1024;

export type UploadAnswer =
  | { status: 201; id: string }
  | { status: 400 | 401 | 403 | 404 | 413 | 415; reason: "cross-site" | "signed-out" | "forbidden" | "too-large" | "invalid" | "not-found"; message: string };

/**
 * Step 1 of a CSV import, as POST /editor/subscribers/import/upload receives it: a multipart form
 * with the file in `file`, checked by lib/http/receive-form-file.ts (origin, session, role, size),
 * then given to the same command the editor's other steps use (commands.uploadImport), which checks
 * the file. `actor` is the signed-in member, found by the route.
 */
export async function receiveImportUpload(prisma: Database, request: Request, { actor, appUrl }: { actor: Actor | null; appUrl: string }): Promise<UploadAnswer> {
  const received = await receiveFormFile(request, {
    actor,
    appUrl,
    permission: "subscribers.manage",
    maxBodyBytes: MAX_UPLOAD_BODY_BYTES,
    says: {
      crossSite: "This upload did not come from the import page of this site.",
      forbidden: (role) => `A ${role} may not import subscribers.`,
      tooLarge: `The file is larger than ${MAX_IMPORT_BYTES / 2 ** 20} MB, the limit. Split it into smaller files.`,
      noFile: "Choose a CSV file to upload.",
    },
  });
  if (!received.ok) return { status: received.status, reason: received.reason, message: received.message };
  const result = await commands.uploadImport(prisma, received.actor, { file: received.file });
  if (result.ok) return { status: 201, id: result.id };
  if (result.reason === "too-large") return { status: 413, reason: "too-large", message: result.message };
  if (result.reason === "not-found") return { status: 404, reason: "not-found", message: result.message };
  return { status: 400, reason: "invalid", message: result.message };
}
