import { can, type Actor } from "../../auth/permissions.ts";
import { commands } from "../../commands.ts";
import type { Database } from "../../db/client";
import { readBodyWithin } from "../../http/read-body-within.ts";
import { isSameOrigin } from "../../http/same-origin.ts";
import { MAX_IMPORT_BYTES } from "./read-csv.ts";

/** The body an upload may have: the file plus the form's framing (boundaries, the part's headers and file name). */
export const MAX_UPLOAD_BODY_BYTES = MAX_IMPORT_BYTES + 64 * 1024;

export type UploadAnswer =
  | { status: 201; id: string }
  | { status: 400 | 401 | 403 | 404 | 413 | 415; reason: "cross-site" | "signed-out" | "forbidden" | "too-large" | "invalid" | "not-found"; message: string };

const answer = (status: Exclude<UploadAnswer["status"], 201>, reason: Exclude<UploadAnswer, { status: 201 }>["reason"], message: string): UploadAnswer => ({ status, reason, message });

/**
 * Step 1 of a CSV import, as POST /editor/subscribers/import/upload receives it: a multipart form
 * with the file in `file`. In order, and before reading the body where it can: a post from another
 * site is refused (403), then a caller who is not signed in (401) or whose role may not manage
 * subscribers (403); a body past the limit is refused (413) without being held whole; then the file
 * goes to the same command the editor's other steps use (commands.uploadImport), which checks it.
 * `actor` is the signed-in member, found by the route.
 */
export async function receiveImportUpload(prisma: Database, request: Request, { actor, appUrl }: { actor: Actor | null; appUrl: string }): Promise<UploadAnswer> {
  if (!isSameOrigin(request.headers, appUrl)) return answer(403, "cross-site", "This upload did not come from the import page of this site.");
  if (!actor) return answer(401, "signed-out", "Sign in first.");
  if (!can(actor.role, "subscribers.manage")) return answer(403, "forbidden", `A ${actor.role} may not import subscribers.`);
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) return answer(415, "invalid", "Send the file as a form upload (multipart/form-data), in a field named “file”.");
  const body = await readBodyWithin(request, MAX_UPLOAD_BODY_BYTES);
  if (!body) return answer(413, "too-large", `The file is larger than ${MAX_IMPORT_BYTES / 2 ** 20} MB, the limit. Split it into smaller files.`);
  let form: FormData;
  try {
    form = await new Response(body as BodyInit, { headers: { "content-type": type } }).formData();
  } catch {
    return answer(400, "invalid", "The upload could not be read (a broken form). Choose the file again and upload it.");
  }
  const file = form.get("file");
  if (!(file instanceof Blob)) return answer(400, "invalid", "Choose a CSV file to upload.");
  const result = await commands.uploadImport(prisma, actor, { file });
  if (result.ok) return { status: 201, id: result.id };
  if (result.reason === "too-large") return answer(413, "too-large", result.message);
  if (result.reason === "not-found") return answer(404, "not-found", result.message);
  return answer(400, "invalid", result.message);
}
