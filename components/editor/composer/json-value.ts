import type { FieldSchema } from "@/lib/blocks/editor-schemas";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Path = (string | number)[];

export function getAt(value: Json, path: Path): Json | undefined {
  let current: Json | undefined = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? current[key as number] : current[key as string];
  }
  return current;
}

/** A copy of `value` with `next` at `path` (undefined removes an object key); the rest is shared. */
export function setAt(value: Json, path: Path, next: Json | undefined): Json {
  if (path.length === 0) return next ?? null;
  const [key, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = value.slice();
    copy[key as number] = setAt(copy[key as number] ?? null, rest, next);
    return copy;
  }
  const object = value !== null && typeof value === "object" ? value : {};
  if (rest.length === 0 && next === undefined) {
    const { [key as string]: _removed, ...kept } = object;
    return kept;
  }
  return { ...object, [key as string]: setAt(object[key as string] ?? null, rest, next) };
}

/** A new, empty value for a schema: "" for text, [] for lists, every required key for objects. */
export function emptyValue(schema: FieldSchema): Json {
  switch (schema.type) {
    case "string":
      return schema.default ?? "";
    case "array":
      // A copy: each new list owns its items.
      return schema.default ? (structuredClone(schema.default) as Json[]) : [];
    case "object":
      return Object.fromEntries(
        Object.entries(schema.properties)
          .filter(([key]) => schema.required?.includes(key) || ("default" in schema.properties[key]! && schema.properties[key]!.default !== undefined))
          .map(([key, property]) => [key, emptyValue(property)]),
      );
    case "boolean":
      return false;
    default:
      return 0;
  }
}

/**
 * A new item for a list holding `siblings`: the item schema's empty value, with each text field that has
 * suggestions set to the first one no sibling uses yet (a roundup story's parts: What's new, then My take…),
 * so the editor gets the usual next part rather than a blank label. Left empty once all are used.
 */
export function newListItem(schema: FieldSchema, siblings: readonly Json[]): Json {
  const item = emptyValue(schema);
  if (schema.type !== "object" || item === null || typeof item !== "object" || Array.isArray(item)) return item;
  for (const [key, property] of Object.entries(schema.properties)) {
    if (property.type !== "string" || !property.suggestions?.length || item[key]) continue;
    const used = new Set(siblings.map((sibling) => getAt(sibling, [key])).flatMap((text) => (typeof text === "string" ? [text.trim().toLowerCase()] : [])));
    const next = property.suggestions.find((suggestion) => !used.has(suggestion.toLowerCase()));
    if (next !== undefined) item[key] = next;
  }
  return item;
}

/** "thumbnailUrl" → "Thumbnail URL". */
export function labelFor(key: string): string {
  const special: Record<string, string> = { url: "Link (URL)", src: "Image URL", alt: "Alt text", id: "Anchor", thumbnailUrl: "Thumbnail URL", body: "Text" };
  if (special[key]) return special[key];
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "stories" → "story", "papers" → "paper". */
export function singular(key: string): string {
  if (key.endsWith("ies")) return `${key.slice(0, -3)}y`;
  if (key.endsWith("s")) return key.slice(0, -1);
  return key;
}
