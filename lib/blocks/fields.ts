/**
 * Field types shared by the block schemas. Limits are generous for writing
 * and tight enough that one block cannot bloat an email past Gmail's clip.
 * Empty strings are allowed in drafts; `checkBlock` (pre-send) reports the
 * fields a block needs before it can go out.
 */
import { z } from "zod";
import { checkMarkup } from "../rich-text/check-markup.ts";
import { linkTargets } from "../rich-text/parse-rich-text.ts";
import { isSafeLinkUrl, isWebUrl } from "../rich-text/safe-url.ts";
import { stripControlCharacters } from "../text/control-characters.ts";

export const LIMITS = {
  label: 60,
  headline: 200,
  title: 200,
  oneLiner: 600,
  source: 100,
  caption: 300,
  alt: 300,
  url: 2048,
  shortRichText: 2_000,
  richText: 10_000,
  items: 30,
  parts: 8,
} as const;

/**
 * How the composer edits a string field. Carried as zod metadata, so the
 * editor's forms come from the same schemas that validate (see
 * lib/blocks/editor-schemas.ts); a field without one is a one-line input.
 */
export type FieldWidget = "richText" | "multiline" | "url" | "imageUrl" | "anchor";

/*
 * Every text field (and the issue's title and preheader, plain text) drops the invisible control
 * characters XML forbids (lib/text/control-characters.ts) before any check: pasted from Word (its soft
 * line break is U+000B), one would break the RSS and Atom feeds, and an editor cannot see it to delete
 * it. Stored text read through these schemas comes out without them too. `overwrite` keeps the field
 * a plain string schema, which the composer's forms read (lib/blocks/editor-schemas.ts).
 */

/** A one-line plain string: a headline, label, source. Line breaks would turn into Markdown structure or mail headers. */
export function plainText(max: number) {
  return z
    .string()
    .overwrite(stripControlCharacters)
    .max(max, `must be at most ${max} characters`)
    .refine((text) => !/[\r\n\u2028\u2029]/.test(text), "must be a single line");
}

/** Plain text that may span lines (a quotation). */
export function multilineText(max: number) {
  return z.string().overwrite(stripControlCharacters).max(max, `must be at most ${max} characters`).meta({ widget: "multiline" satisfies FieldWidget });
}

/**
 * Markdown, checked before it is parsed: zod runs this refinement even on a
 * string over `max`, which is not read at all then, and text that would take
 * micromark far longer than its length says (lib/rich-text/check-markup.ts)
 * is refused with the reason rather than read. Link targets are cached by
 * string, so a save re-reads only the fields that changed.
 */
export function richText(max: number = LIMITS.richText) {
  return z
    .string()
    .overwrite(stripControlCharacters)
    .max(max, `must be at most ${max} characters`)
    .superRefine((source, ctx) => {
      if (source.length > max) return;
      const slow = checkMarkup(source);
      if (slow) {
        ctx.addIssue({ code: "custom", message: slow.message });
        return;
      }
      for (const url of linkTargets(source)) {
        if (!isSafeLinkUrl(url)) {
          ctx.addIssue({
            code: "custom",
            message: `has a link to ${JSON.stringify(url.slice(0, 80))}; links must be http(s) or mailto URLs`,
          });
        }
      }
    })
    .meta({ widget: "richText" satisfies FieldWidget });
}

/** An absolute http(s) URL, or "" while the draft has none yet. */
export function webUrl() {
  return z
    .string()
    .max(LIMITS.url, `must be at most ${LIMITS.url} characters`)
    .refine((url) => url === "" || isWebUrl(url), "must be an http(s) URL such as https://example.com/story")
    .meta({ widget: "url" satisfies FieldWidget });
}

/** Anchor ids for stories on the web archive: stable once given, so links to them keep working. */
export function itemId() {
  return z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "must be lower-case letters, digits and dashes (at most 64)")
    .meta({ widget: "anchor" satisfies FieldWidget });
}

export function items<T extends z.ZodType>(item: T, max: number = LIMITS.items) {
  return z.array(item).max(max, `can hold at most ${max} items`);
}

/** An image's address, as webUrl; the composer adds an upload button (lib/media/) that fills it. */
export function imageUrl() {
  return webUrl().meta({ widget: "imageUrl" satisfies FieldWidget });
}

export function image() {
  return z.object({
    src: imageUrl(),
    alt: plainText(LIMITS.alt),
    credit: plainText(LIMITS.source).default(""),
  });
}
