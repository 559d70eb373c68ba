/**
 * An issue is rendered once; what differs per recipient (the unsubscribe and
 * preferences links) is written as merge tokens and substituted per send.
 * Each render gets its own random tokens, so text an author types, even a
 * literal "{{unsubscribe_url}}", can never be mistaken for one.
 */
import { randomBytes } from "node:crypto";

export const MERGE_FIELDS = ["unsubscribeUrl", "preferencesUrl"] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export type MergeValues = Record<MergeField, string>;

export type MergeTokens = Record<MergeField, string>;

export function createMergeTokens(): MergeTokens {
  const nonce = randomBytes(6).toString("hex");
  return { unsubscribeUrl: `{{unsubscribe_url.${nonce}}}`, preferencesUrl: `{{preferences_url.${nonce}}}` };
}

/** A rendered text split at its tokens: literal parts interleaved with fields. */
export type CompiledTemplate = { parts: string[]; fields: MergeField[]; escapeHtml: boolean };

export function compileTemplate(rendered: string, tokens: MergeTokens, options: { escapeHtml: boolean }): CompiledTemplate {
  const byToken = new Map<string, MergeField>(MERGE_FIELDS.map((field) => [tokens[field], field]));
  const pattern = new RegExp([...byToken.keys()].map(escapeRegExp).join("|"), "g");
  const parts: string[] = [];
  const fields: MergeField[] = [];
  let last = 0;
  for (const match of rendered.matchAll(pattern)) {
    parts.push(rendered.slice(last, match.index));
    fields.push(byToken.get(match[0])!);
    last = match.index + match[0].length;
  }
  parts.push(rendered.slice(last));
  // An email without its unsubscribe link must never reach a send.
  for (const field of MERGE_FIELDS) {
    if (!fields.includes(field)) throw new Error(`The rendered email has no ${field} merge token; the layout must include it.`);
  }
  return { parts, fields, escapeHtml: options.escapeHtml };
}

/** The per-recipient step of a send: one pass of string concatenation, no rendering. */
export function personalize(template: CompiledTemplate, values: MergeValues): string {
  const { parts, fields, escapeHtml } = template;
  let out = parts[0]!;
  for (let i = 0; i < fields.length; i++) {
    const value = values[fields[i]!];
    out += (escapeHtml ? escapeAttribute(value) : value) + parts[i + 1]!;
  }
  return out;
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
