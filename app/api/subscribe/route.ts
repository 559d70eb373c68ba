import { after } from "next/server";
import { signingSecret } from "@/lib/auth/signing-secret";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { clientIp } from "@/lib/http/client-ip";
import { readFormFields } from "@/lib/http/read-form-fields";
import { requestSubscription } from "@/lib/subscribers/request-subscription";

/** An address and a name fill a few hundred bytes, as a form or JSON; a multipart form's framing adds a few hundred more. */
const SUBSCRIBE_BODY_LIMIT = 16 * 1024;

/**
 * For a plain HTML form on another site: <form method="post" action=".../api/subscribe">
 * with `email`, optional `name`. Browsers get a 303 to /subscribe; clients
 * asking for JSON get JSON. The answer never depends on the address's state.
 */
export async function POST(request: Request) {
  const wantsJson = (request.headers.get("accept") ?? "").includes("application/json");
  const read = await readFormFields(request, SUBSCRIBE_BODY_LIMIT);
  if (!read.ok && read.status === 413) return answer(wantsJson, 413, { ok: false, error: `The body is larger than ${SUBSCRIBE_BODY_LIMIT / 1024} KB.` }, "/subscribe?error=invalid");
  if (!read.ok) return answer(wantsJson, 400, { ok: false, error: "Send a form (email, optional name) or JSON." }, "/subscribe?error=invalid");
  const { fields } = read;
  const result = await requestSubscription(db(), { email: fields.email, name: fields.name, honeypot: fields.website }, { ip: clientIp(request.headers), appUrl: config().APP_URL, secret: signingSecret() });
  if (result.outcome === "invalid") {
    // Each field's own reason: a name too long is not a bad address.
    const field = result.fieldErrors.email ? "email" : "name";
    return answer(wantsJson, 400, { ok: false, error: `${field} ${result.fieldErrors[field] ?? "is not valid"}` }, `/subscribe?error=${field === "email" ? "invalid" : "name"}`);
  }
  if (result.outcome === "rate-limited") {
    const response = answer(wantsJson, 429, { ok: false, error: "Too many requests." }, "/subscribe?error=rate-limited");
    response.headers.set("Retry-After", String(result.retryAfterSeconds));
    return response;
  }
  if (result.followUp) after(result.followUp);
  return answer(wantsJson, 200, { ok: true, message: "Check your inbox to confirm." }, "/subscribe?sent=1");
}

function answer(json: boolean, status: number, body: Record<string, unknown>, page: string): Response {
  if (json) return Response.json(body, { status });
  return new Response(null, { status: 303, headers: { Location: new URL(page, config().APP_URL).toString() } });
}
