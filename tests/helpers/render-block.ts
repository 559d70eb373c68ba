import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { render } from "react-email";
import type { AnyBlockDefinition } from "../../lib/blocks/registry.ts";

/** One block in all four outputs, rendered straight from its definition (no schema check in between). */
export async function renderBlockOutputs(definition: AnyBlockDefinition, data: unknown) {
  return {
    email: await render(createElement(definition.Email, { data })),
    web: renderToStaticMarkup(createElement(definition.Web, { data })),
    text: definition.toText(data),
    markdown: definition.toMarkdown(data),
  };
}

/** Replaces every string leaf for which `replace` returns a value; keeps the rest. */
export function mapStrings(value: unknown, replace: (text: string, key: string) => string | undefined, key = ""): unknown {
  if (typeof value === "string") return replace(value, key) ?? value;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, replace, key));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, replace, k)]));
  }
  return value;
}

export const URL_KEYS = new Set(["url", "src", "thumbnailUrl"]);

export function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "id").map(([key, v]) => [key, withoutIds(v)]));
  }
  return value;
}
