"use server";
import { redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { signingSecret } from "@/lib/auth/signing-secret";
import { createOwner } from "@/lib/team/create-owner";
import { setupTokenAccepted } from "@/lib/team/setup-token";

const FIELDS = ["email", "name", "publicationName", "siteUrl", "senderEmail", "timezone"] as const;
export type SetupValues = Record<(typeof FIELDS)[number], string>;
export type SetupState = { fieldErrors?: Record<string, string>; values?: SetupValues };

export async function setUpOwner(_state: SetupState, form: FormData): Promise<SetupState> {
  // Checked here too: the page is not the only way to call an action.
  if (!setupTokenAccepted(form.get("token"), signingSecret())) redirect("/setup");
  const values = Object.fromEntries(FIELDS.map((field) => [field, String(form.get(field) ?? "")])) as SetupValues;
  const result = await createOwner(db(), { ...values, password: String(form.get("password") ?? "") });
  if (!result.ok && result.reason === "invalid") return { fieldErrors: result.fieldErrors, values };
  // Created, or someone else finished setup first: either way, signing in is next.
  redirect(`/sign-in?email=${encodeURIComponent(values.email.trim().toLowerCase())}${result.ok ? "&welcome=1" : ""}`);
}
