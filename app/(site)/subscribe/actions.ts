"use server";
import { headers } from "next/headers";
import { after } from "next/server";
import { signingSecret } from "@/lib/auth/signing-secret";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { clientIp } from "@/lib/http/client-ip";
import { requestSubscription } from "@/lib/subscribers/request-subscription";

export type SubscribeState = { status: "idle" | "sent" | "invalid" | "rate-limited"; message?: string; email?: string };

export async function subscribeAction(_state: SubscribeState, form: FormData): Promise<SubscribeState> {
  const email = String(form.get("email") ?? "");
  const result = await requestSubscription(
    db(),
    { email, name: form.get("name"), honeypot: form.get("website") },
    { ip: clientIp(await headers()), appUrl: config().APP_URL, secret: signingSecret() },
  );
  // Each field's own reason: a name too long is not a bad address.
  if (result.outcome === "invalid") return { status: "invalid", message: result.fieldErrors.email ? `Email ${result.fieldErrors.email}` : `Name ${result.fieldErrors.name ?? "is not valid"}`, email };
  if (result.outcome === "rate-limited") return { status: "rate-limited", message: "Too many requests. Try again later.", email };
  // The email goes out after the response, so how long the answer takes says nothing about the address.
  if (result.followUp) after(result.followUp);
  return { status: "sent", email };
}
