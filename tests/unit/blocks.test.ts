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

/** Every example's data with an image wherever its schema allows one (image.src, thumbnailUrl). */
const IMAGE_URL = "https://example.com/picture.jpg";
function withImages(definition: AnyBlockDefinition): unknown {
  const data = mapStrings(definition.example, (_text, key) => (key === "src" || key === "thumbnailUrl" ? IMAGE_URL : undefined));
  // Items whose optional image the example leaves out get one, when the schema takes it.
  const addImage = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(addImage);
    if (typeof value !== "object" || value === null) return value;
    const record = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, addImage(v)]));
    return "id" in record && !("image" in record) ? { ...record, image: { src: IMAGE_URL, alt: "A picture", credit: "" } } : record;
  };
  const withAll = addImage(data);
  return definition.schema.safeParse(withAll).success ? withAll : data;
}
const imagesChecked = new Set<string>();

describe("web images", () => {
  it.each(blockDefinitions.map((definition) => [definition.type, definition] as const))("%s: every <img> has a width, a height and lazy loading", async (type, definition) => {
    const { web } = await renderBlockOutputs(definition, withImages(definition));
    for (const tag of web.match(/<img\b[^>]*>/g) ?? []) {
      imagesChecked.add(type);
      expect(tag).toMatch(/\swidth="\d+"/);
      expect(tag).toMatch(/\sheight="\d+"/);
      expect(tag).toContain('loading="lazy"');
    }
  });

  it("checked the blocks that show pictures", () => {
    expect([...imagesChecked].sort()).toEqual(["catchUp", "image", "roundup", "video"]);
  });
});

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
