import { describe, expect, it } from "vitest";
import { blockDefinitions, type AnyBlockDefinition } from "../../lib/blocks/registry.ts";
import { htmlText } from "../helpers/html.ts";
import { mapStrings, renderBlockOutputs, URL_KEYS, withoutIds } from "../helpers/render-block.ts";

/**
 * Every field of every block type reaches every output: each text field of the
 * example is replaced by a unique marker word, and each marker must show up in
 * the email, the web page, the plain text and the Markdown.
 */
function markExample(example: unknown) {
  const markers: string[] = [];
  const data = mapStrings(example, (text, key) => {
    if (key === "id" || URL_KEYS.has(key) || text === "") return undefined;
    const marker = `mark${markers.length}x`;
    markers.push(marker);
    return marker;
  });
  return { data, markers };
}

describe.each(blockDefinitions.map((definition): [string, AnyBlockDefinition] => [definition.type, definition]))("block %s", (_type, definition) => {
  it("has an example and defaults that pass its schema", () => {
    expect(definition.schema.safeParse(definition.example).success).toBe(true);
    expect(definition.schema.safeParse(definition.defaults()).success).toBe(true);
    expect(definition.checkForSend(definition.example)).toEqual([]);
  });

  it("renders every field in email, web, plain text and Markdown", async () => {
    const { data, markers } = markExample(definition.example);
    const outputs = await renderBlockOutputs(definition, data);
    for (const marker of markers) {
      expect(outputs.email, `email lacks ${marker}`).toContain(marker);
      expect(outputs.web, `web lacks ${marker}`).toContain(marker);
      expect(outputs.text.toLowerCase(), `text lacks ${marker}`).toContain(marker); // section titles are upper-cased
      expect(outputs.markdown, `markdown lacks ${marker}`).toContain(marker);
    }
    // Visible text, not only attributes, carries the content in both HTML outputs.
    if (markers.length > 0) {
      expect(htmlText(outputs.email)).toContain(markers.at(-1));
      expect(htmlText(outputs.web)).toContain(markers.at(-1));
    }
  });

  it("reads its own Markdown back to the same data", () => {
    const { data } = markExample(definition.example);
    const markdown = definition.toMarkdown(definition.schema.parse(data));
    const imported = definition.schema.parse(definition.fromMarkdown(markdown));
    expect(withoutIds(imported)).toEqual(withoutIds(data));
  });

  it("exports, imports and exports again to identical Markdown", () => {
    const first = definition.toMarkdown(definition.example);
    const second = definition.toMarkdown(definition.schema.parse(definition.fromMarkdown(first)));
    expect(second).toBe(first);
  });

  it("reads an empty draft back from Markdown", () => {
    const empty = definition.defaults();
    const markdown = definition.toMarkdown(empty);
    expect(definition.toMarkdown(definition.schema.parse(definition.fromMarkdown(markdown)))).toBe(markdown);
  });
});
