import { after } from "next/server";
import { signingSecret } from "@/lib/auth/signing-secret";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { clientIp } from "@/lib/http/client-ip";
import { requestSubscription } from "@/lib/subscribers/request-subscription";

/**
 * For a plain HTML form on another site: <form method="post" action=".../api/subscribe">
 * with `email`, optional `name`. Browsers get a 303 to /subscribe; clients
 * asking for JSON get JSON. The answer never depends on the address's state.
 */
export async function POST(request: Request) {
  const wantsJson = (request.headers.get("accept") ?? "").includes("application/json");
  const type = request.headers.get("content-type") ?? "";
  let fields: Record<string, unknown> = {};
  try {
    fields = type.includes("application/json") ? ((await request.json()) as Record<string, unknown>) : Object.fromEntries(await request.formData());
  } catch {
    return answer(wantsJson, 400, { ok: false, error: "Send a form (email, optional name) or JSON." }, "/subscribe?error=invalid");
  }
  const result = await requestSubscription(db(), { email: fields.email, name: fields.name, honeypot: fields.website }, { ip: clientIp(request.headers), appUrl: config().APP_URL, secret: signingSecret() });
  if (result.outcome === "invalid") return answer(wantsJson, 400, { ok: false, error: `email ${result.fieldErrors.email ?? "is not valid"}` }, "/subscribe?error=invalid");
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
