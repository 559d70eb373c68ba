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

/**
 * Strings that look like Markdown structure, or like this project's own
 * structural lines (part labels, bylines, taglines, " — Source").
 */
const TRICKY = [
  (n: number) => `Tricky ${n} #: *a* _b_ **c** [d](https://d.example) <b>e</b> \\ \` — f #`,
  (n: number) => `**Update ${n}:** the lead`,
  (n: number) => `*By Ada ${n}*`,
  (n: number) => `*— Grid ${n}*`,
  (n: number) => `Wind ${n} — solar`,
  (n: number) => `${n}. not a list`,
  (n: number) => `- ${n} not a bullet`,
  (n: number) => `# ${n} not a heading`,
  (n: number) => `> ${n} not a quote`,
  (n: number) => `Issue #${n}`,
];

function trickyExample(example: unknown) {
  let n = 0;
  return mapStrings(example, (text, key) => (key === "id" || URL_KEYS.has(key) || text === "" ? undefined : TRICKY[n++ % TRICKY.length]!(n)));
}

function ids(data: unknown): string[] {
  return JSON.stringify(data).match(/"id":"[^"]*"/g) ?? [];
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

  it("reads back strings that look like Markdown or like its own structure, anchors included", () => {
    const tricky = definition.schema.parse(trickyExample(definition.example));
    const markdown = definition.toMarkdown(tricky);
    const imported = definition.schema.parse(definition.fromMarkdown(markdown));
    // Rich text comes back normalised (*a* → _a_), so compare what readers see, and the anchors.
    expect(definition.toText(imported)).toBe(definition.toText(tricky));
    expect(ids(imported)).toEqual(ids(tricky));
    expect(definition.toMarkdown(imported)).toBe(markdown);
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
