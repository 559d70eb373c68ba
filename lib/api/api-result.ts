import type { Database } from "../db/client";
import { ForbiddenError, type Actor } from "../auth/permissions.ts";
import { readBodyWithin } from "../http/read-body-within.ts";
import { authenticateApiRequest } from "./authenticate-api-request.ts";

/** What an API call answers, before it is a Response: the status, a JSON body, and any headers. */
export type ApiResult = { status: number; body?: unknown; headers?: Record<string, string> };

/** Every refusal has one shape: `{ "error": { "code", "message", … } }`, the message in words a person can act on. */
export function apiError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): ApiResult {
  return { status, body: { error: { code, message, ...extra } } };
}

/** 422 with each field's (or parameter's) reason, as the commands and zod give them. */
export function invalidFields(fields: Record<string, string>, what: "fields" | "parameters" = "fields"): ApiResult {
  return apiError(422, "invalid", `Some ${what} are not valid.`, { fields });
}

/** The largest JSON body a call takes: one subscriber with twenty tags is well under 2 KB. */
export const API_BODY_LIMIT = 64 * 1024;

/** An issue's body: its content may weigh 1 MB (MAX_ISSUE_CONTENT_BYTES), and JSON escapes add to that. */
export const API_ISSUE_BODY_LIMIT = 2 * 1024 * 1024;

/** The request's JSON body, or the answer that says why it cannot be read. */
export async function readJsonBody(request: Request, limit = API_BODY_LIMIT): Promise<{ ok: true; value: unknown; text: string } | { ok: false; result: ApiResult }> {
  if (!(request.headers.get("content-type") ?? "").includes("application/json")) {
    return { ok: false, result: apiError(415, "unsupported-media-type", "Send the body as JSON, with Content-Type: application/json.") };
  }
  const bytes = await readBodyWithin(request, limit);
  if (!bytes) return { ok: false, result: apiError(413, "too-large", `The body is larger than ${limit / 1024} KB.`) };
  const text = new TextDecoder().decode(bytes);
  try {
    return { ok: true, value: JSON.parse(text) as unknown, text };
  } catch {
    return { ok: false, result: apiError(400, "bad-json", "The body is not valid JSON.") };
  }
}

/**
 * One API call: the key is checked (401, 429), then `work` runs as the key's
 * actor; a command the key's role may not run answers 403. The answer is
 * never cached, and says it is JSON.
 */
export async function handleApiRequest(prisma: Database, request: Request, work: (actor: Actor) => Promise<ApiResult>): Promise<Response> {
  const caller = await authenticateApiRequest(prisma, request.headers);
  let result: ApiResult;
  if (!caller.ok) {
    result = apiError(caller.status, caller.status === 401 ? "unauthorized" : "rate-limited", caller.message);
    if (caller.retryAfterSeconds !== undefined) result.headers = { "Retry-After": String(caller.retryAfterSeconds) };
    if (caller.status === 401) result.headers = { "WWW-Authenticate": 'Bearer realm="api"' };
  } else {
    try {
      result = await work(caller.actor);
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
      result = apiError(403, "forbidden", `This key may not do that: it is a ${caller.actor.role === "viewer" ? "read-only" : "read and write"} key.`);
    }
  }
  const headers = { "Cache-Control": "no-store", ...result.headers };
  if (result.body === undefined) return new Response(null, { status: result.status, headers });
  return Response.json(result.body, { status: result.status, headers });
}
