import { readBodyWithin } from "./read-body-within.ts";

export type FormFields = { ok: true; fields: Record<string, unknown> } | { ok: false; status: 400 | 413 };

/**
 * The fields of a small form that anyone may post (a plain HTML form on another site, or JSON): a
 * JSON object, or a urlencoded or multipart form. The body is read within `limit` bytes first (413
 * past it), since request.json() and formData() would hold whatever a stranger sends; then anything
 * that is not such a form, JSON's `null`, arrays and bare values included, is a 400.
 */
export async function readFormFields(request: Request, limit: number): Promise<FormFields> {
  const body = await readBodyWithin(request, limit);
  if (!body) return { ok: false, status: 413 };
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const value: unknown = JSON.parse(new TextDecoder().decode(body));
      return value !== null && typeof value === "object" && !Array.isArray(value) ? { ok: true, fields: value as Record<string, unknown> } : { ok: false, status: 400 };
    }
    // The same parser request.formData() uses, given the bytes already read and the form's own type (and boundary).
    const form = await new Response(body as BodyInit, { headers: { "content-type": type } }).formData();
    return { ok: true, fields: Object.fromEntries(form) };
  } catch {
    return { ok: false, status: 400 };
  }
}
