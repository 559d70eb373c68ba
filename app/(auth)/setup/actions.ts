"use server";
import { redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { createOwner } from "@/lib/team/create-owner";

export type SetupState = { fieldErrors?: Record<string, string>; values?: { email: string; name: string } };

export async function setUpOwner(_state: SetupState, form: FormData): Promise<SetupState> {
  const values = { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? "") };
  const result = await createOwner(db(), { ...values, password: String(form.get("password") ?? "") });
  if (!result.ok && result.reason === "invalid") return { fieldErrors: result.fieldErrors, values };
  // Created, or someone else finished setup first: either way, signing in is next.
  redirect(`/sign-in?email=${encodeURIComponent(values.email.trim().toLowerCase())}${result.ok ? "&welcome=1" : ""}`);
}
