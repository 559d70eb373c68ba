import { z } from "zod";
import { blockDefinitions, type BlockType } from "./registry.ts";
import type { FieldWidget } from "./fields.ts";

/** The part of JSON Schema the composer's forms read. */
export type FieldSchema =
  // `suggestions`: choices offered for the text (any other is allowed), e.g. a roundup part's label.
  | { type: "string"; maxLength?: number; widget?: FieldWidget; default?: string; suggestions?: string[] }
  | { type: "object"; properties: Record<string, FieldSchema>; required?: string[] }
  // `default`: the items a new list starts with (a roundup story's first part), where empty would be flagged at once.
  | { type: "array"; items: FieldSchema; maxItems?: number; default?: unknown[] }
  | { type: "number" | "integer" | "boolean"; default?: unknown };

export type BlockEditorSchema = { type: BlockType; name: string; description: string; fields: Extract<FieldSchema, { type: "object" }>; empty: unknown };

/**
 * Each block type's form, derived from its zod schema, so the composer needs
 * no code per type: adding a type to the registry adds it to the palette
 * with a working form. Computed on the server and handed to the composer.
 */
export function blockEditorSchemas(): BlockEditorSchema[] {
  return blockDefinitions.map((definition) => {
    // A JSON round trip makes plain objects, which is what a Client Component may receive.
    const json = JSON.parse(JSON.stringify(z.toJSONSchema(definition.schema, { io: "input", unrepresentable: "any" }))) as Extract<FieldSchema, { type: "object" }>;
    return { type: definition.type, name: definition.name, description: definition.description, fields: json, empty: definition.defaults() };
  });
}
