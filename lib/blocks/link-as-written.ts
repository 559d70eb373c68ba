import { matchingPersonalized } from "../email/merge-fields.ts";
import { linkTargets } from "../rich-text/parse-rich-text.ts";
import type { Block } from "./registry.ts";

/**
 * The link as the author wrote it, for a link a reader clicked: a link with a greeting field
 * (`https://survey.example/?reader={{email}}`, a pre-filled form) reaches each reader with their own
 * address or name in it, and the provider reports the click with that in. Recorded as clicked, every
 * reader's address would be listed in the report (which viewers and authors read), and the
 * link would match no story. Null when the click is not of such a link.
 */
export function linkAsWritten(blocks: Block[], clicked: string): string | null {
  for (const written of linksWithFields(blocks)) {
    if (matchingPersonalized(written).test(clicked)) return written;
  }
  return null;
}

function linksWithFields(blocks: Block[]): string[] {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === "string") {
      if (!value.includes("{{")) return;
      if (/^https?:\/\//i.test(value)) found.add(value);
      for (const target of linkTargets(value)) if (target.includes("{{")) found.add(target);
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (typeof value === "object" && value !== null) {
      Object.values(value).forEach(visit);
    }
  };
  for (const block of blocks) visit(block.data);
  return [...found];
}
