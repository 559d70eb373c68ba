import type { z } from "zod";

/** The first problem of each field, keyed by its top-level name, for forms to show beside the field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return errors;
}

export type Invalid = { ok: false; reason: "invalid"; fieldErrors: Record<string, string> };

export function invalid(error: z.ZodError): Invalid {
  return { ok: false, reason: "invalid", fieldErrors: fieldErrors(error) };
}
