/**
 * An issue is rendered once; what differs per recipient is substituted per
 * send, by string concatenation.
 *
 * Two kinds of field:
 * - links (unsubscribe, preferences): written by the layout as random
 *   per-render tokens, so text an author types, even a literal
 *   "{{unsubscribe_url}}", can never be mistaken for one;
 * - greetings the author types on purpose: `{{name}}`, `{{email}}`, with an
 *   optional fallback for subscribers without a name: `{{name|there}}`.
 */
import { randomBytes } from "node:crypto";
import { escapeHtml as escapeHtmlText } from "../text/escape-html.ts";

export const LINK_FIELDS = ["unsubscribeUrl", "preferencesUrl"] as const;
export const AUTHOR_FIELDS = ["name", "email"] as const;
export type MergeField = (typeof LINK_FIELDS)[number] | (typeof AUTHOR_FIELDS)[number];
export type MergeValues = Record<(typeof LINK_FIELDS)[number], string> & Partial<Record<(typeof AUTHOR_FIELDS)[number], string | null>>;

export type MergeTokens = Record<(typeof LINK_FIELDS)[number], string>;

export function createMergeTokens(): MergeTokens {
  const nonce = randomBytes(6).toString("hex");
  return { unsubscribeUrl: `{{unsubscribe_url.${nonce}}}`, preferencesUrl: `{{preferences_url.${nonce}}}` };
}

/** `{{name}}`, `{{ email }}`, `{{name|fallback}}`; the fallback is taken as rendered (already escaped in HTML). */
const AUTHOR_FIELD = /\{\{\s*(name|email)\s*(?:\|([^{}]*))?\}\}/g;

type Slot = { field: MergeField; fallback: string };

/** A rendered text split at its fields: literal parts interleaved with slots. */
export type CompiledTemplate = { parts: string[]; slots: Slot[]; escapeHtml: boolean };

export function compileTemplate(rendered: string, tokens: MergeTokens | null, options: { escapeHtml: boolean }): CompiledTemplate {
  const byToken = new Map<string, MergeField>(tokens ? LINK_FIELDS.map((field) => [tokens[field], field]) : []);
  const linkPattern = [...byToken.keys()].map(escapeRegExp);
  const pattern = new RegExp([...linkPattern, AUTHOR_FIELD.source].join("|"), "g");
  const parts: string[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const match of rendered.matchAll(pattern)) {
    parts.push(rendered.slice(last, match.index));
    const link = byToken.get(match[0]);
    const author = match.at(-2) as (typeof AUTHOR_FIELDS)[number] | undefined;
    slots.push(link ? { field: link, fallback: "" } : { field: author!, fallback: (match.at(-1) ?? "").trim() });
    last = match.index + match[0].length;
  }
  parts.push(rendered.slice(last));
  // An email without its unsubscribe link must never reach a send.
  if (tokens) {
    for (const field of LINK_FIELDS) {
      if (!slots.some((slot) => slot.field === field)) throw new Error(`The rendered email has no ${field} merge token; the layout must include it.`);
    }
  }
  return { parts, slots, escapeHtml: options.escapeHtml };
}

/** The per-recipient step of a send: one pass of string concatenation, no rendering. */
export function personalize(template: CompiledTemplate, values: MergeValues): string {
  const { parts, slots, escapeHtml } = template;
  let out = parts[0]!;
  for (let i = 0; i < slots.length; i++) {
    const { field, fallback } = slots[i]!;
    const value = values[field]?.trim();
    out += (value ? (escapeHtml ? escapeHtmlText(value) : value) : fallback) + parts[i + 1]!;
  }
  return out;
}

/**
 * A pattern that matches `text` as a recipient got it: each greeting field filled in with anything (a
 * name, an address, the fallback, or nothing), the rest as written.
 */
export function matchingPersonalized(text: string): RegExp {
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(AUTHOR_FIELD)) {
    parts.push(text.slice(last, match.index));
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return new RegExp(`^${parts.map(escapeRegExp).join("[^]*?")}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** For places with no recipient (the web archive, feeds, slugs): the fallback where there is one, else nothing. */
export function resolveMergeFieldsForWeb(text: string): string {
  return text.includes("{{") ? text.replace(AUTHOR_FIELD, (_match, _field: string, fallback?: string) => (fallback ?? "").trim()) : text;
}
