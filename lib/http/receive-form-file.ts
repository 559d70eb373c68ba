import { can, type Actor, type Permission } from "../auth/permissions.ts";
import { readBodyWithin } from "./read-body-within.ts";
import { isSameOrigin } from "./same-origin.ts";

export type FormFileRefusal = {
  ok: false;
  status: 400 | 401 | 403 | 413 | 415;
  reason: "cross-site" | "signed-out" | "forbidden" | "too-large" | "invalid";
  message: string;
};

type Options = {
  /** The signed-in member, found by the route. */
  actor: Actor | null;
  appUrl: string;
  permission: Permission;
  /** The largest body accepted: the file's limit plus the form's framing (boundary, the part's headers and name). */
  maxBodyBytes: number;
  /** What the refusals say, in the words of the page that uploads. */
  says: { crossSite: string; forbidden: (role: Actor["role"]) => string; tooLarge: string; noFile: string };
};

/**
 * The file in the `file` field of a multipart form posted to a route handler of the editor, checked
 * in order, and before the body is read where it can be: a post from another site is refused (403,
 * the CSRF check Next makes for server actions only), then a caller who is not signed in (401) or
 * whose role lacks the permission (403); then a body past the limit (413), which is never held whole;
 * then a body that is not a form (415) or a form without a file (400). The caller checks the file.
 */
export async function receiveFormFile(request: Request, { actor, appUrl, permission, maxBodyBytes, says }: Options): Promise<{ ok: true; actor: Actor; file: Blob } | FormFileRefusal> {
  const refuse = (status: FormFileRefusal["status"], reason: FormFileRefusal["reason"], message: string): FormFileRefusal => ({ ok: false, status, reason, message });
  if (!isSameOrigin(request.headers, appUrl)) return refuse(403, "cross-site", says.crossSite);
  if (!actor) return refuse(401, "signed-out", "Sign in first.");
  if (!can(actor.role, permission)) return refuse(403, "forbidden", says.forbidden(actor.role));
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) return refuse(415, "invalid", "Send the file as a form upload (multipart/form-data), in a field named “file”.");
  const body = await readBodyWithin(request, maxBodyBytes);
  if (!body) return refuse(413, "too-large", says.tooLarge);
  let form: FormData;
  try {
    form = await new Response(body as BodyInit, { headers: { "content-type": type } }).formData();
  } catch {
    return refuse(400, "invalid", "The upload could not be read (a broken form). Choose the file again and upload it.");
  }
  const file = form.get("file");
  if (!(file instanceof Blob)) return refuse(400, "invalid", says.noFile);
  return { ok: true, actor, file };
}
