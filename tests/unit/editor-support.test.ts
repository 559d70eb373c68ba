import { describe, expect, it } from "vitest";
import { emptyValue, labelFor, setAt, singular } from "@/components/editor/composer/json-value";
import { blockEditorSchemas, type FieldSchema } from "@/lib/blocks/editor-schemas";
import { blockDefinitions } from "@/lib/blocks/registry";
import { localTimeToUtc, utcToLocalTime } from "@/lib/time/local-time-to-utc";

describe("schedule times in the publication's zone", () => {
  it("reads wall-clock time in the zone, across daylight saving", () => {
    expect(localTimeToUtc("2026-11-30T08:00", "Europe/Berlin")?.toISOString()).toBe("2026-11-30T07:00:00.000Z");
    expect(localTimeToUtc("2026-07-01T08:00", "Europe/Berlin")?.toISOString()).toBe("2026-07-01T06:00:00.000Z");
    expect(localTimeToUtc("2026-03-08T03:30", "America/New_York")?.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(localTimeToUtc("2026-11-30T08:00", "UTC")?.toISOString()).toBe("2026-11-30T08:00:00.000Z");
    expect(localTimeToUtc("2026-11-30T08:00", "Asia/Kolkata")?.toISOString()).toBe("2026-11-30T02:30:00.000Z");
  });

  it("reads times the clocks skip or repeat the way calendars do, and refuses dates that do not exist", () => {
    // 02:30 does not exist in New York on 8 March 2026: it means the moment after the jump, 03:30 EDT.
    expect(localTimeToUtc("2026-03-08T02:30", "America/New_York")?.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(localTimeToUtc("2026-03-29T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    // 01:30 happens twice in New York on 1 November 2026 and in London on 25 October 2026: the first.
    expect(localTimeToUtc("2026-11-01T01:30", "America/New_York")?.toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(localTimeToUtc("2026-10-25T01:30", "Europe/London")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(localTimeToUtc("2026-02-30T08:00", "UTC")).toBeNull();
    expect(localTimeToUtc("2026-13-01T08:00", "UTC")).toBeNull();
    expect(localTimeToUtc("2026-01-01T24:00", "UTC")).toBeNull();
    expect(localTimeToUtc("2026-01-01T08:00", "Not/AZone")).toBeNull();
  });

  it("round-trips with the display form and refuses malformed input", () => {
    const at = new Date("2026-12-24T17:45:00Z");
    expect(utcToLocalTime(at, "Europe/Berlin")).toBe("2026-12-24T18:45");
    expect(localTimeToUtc(utcToLocalTime(at, "Pacific/Auckland"), "Pacific/Auckland")?.toISOString()).toBe(at.toISOString());
    expect(localTimeToUtc("tomorrow", "UTC")).toBeNull();
    expect(localTimeToUtc("2026-11-30 08:00", "UTC")).toBeNull();
  });
});

describe("the composer's forms come from the block schemas", () => {
  const schemas = blockEditorSchemas();

  it("has a form for every block type, whose empty value is the type's valid default", () => {
    expect(schemas.map((s) => s.type)).toEqual(blockDefinitions.map((d) => d.type));
    for (const schema of schemas) {
      const definition = blockDefinitions.find((d) => d.type === schema.type)!;
      expect(definition.schema.safeParse(schema.empty).success, schema.type).toBe(true);
      expect(schema.fields.type).toBe("object");
    }
  });

  it("marks rich text, URLs and anchors so the form picks the right control", () => {
    const roundup = schemas.find((s) => s.type === "roundup")!.fields;
    const story = (roundup.properties.stories as Extract<FieldSchema, { type: "array" }>).items as Extract<FieldSchema, { type: "object" }>;
    expect(story.properties.url).toMatchObject({ type: "string", widget: "url" });
    expect(story.properties.id).toMatchObject({ type: "string", widget: "anchor" });
    const part = (story.properties.parts as Extract<FieldSchema, { type: "array" }>).items as Extract<FieldSchema, { type: "object" }>;
    expect(part.properties.body).toMatchObject({ type: "string", widget: "richText" });
    expect(part.properties.label).toMatchObject({ type: "string" });
    expect(part.properties.label).not.toHaveProperty("widget");
  });

  it("makes a new list item every block type accepts", () => {
    for (const schema of schemas) {
      const definition = blockDefinitions.find((d) => d.type === schema.type)!;
      for (const [key, property] of Object.entries(schema.fields.properties)) {
        if (property.type !== "array") continue;
        const item = emptyValue(property.items);
        const data = { ...(schema.empty as object), [key]: [item] };
        const result = definition.schema.safeParse(data);
        // Anchors are filled in by the composer; everything else in a new item is valid as empty.
        const problems = result.success ? [] : result.error.issues.filter((issue) => issue.path.at(-1) !== "id");
        expect(problems, `${schema.type}.${key}`).toEqual([]);
      }
    }
  });
});

describe("editing values by path", () => {
  it("sets and removes without touching the original", () => {
    const original = { title: "T", stories: [{ headline: "A", image: { src: "x" } }] };
    const changed = setAt(original, ["stories", 0, "headline"], "B");
    expect(changed).toEqual({ title: "T", stories: [{ headline: "B", image: { src: "x" } }] });
    expect(original.stories[0]!.headline).toBe("A");
    expect(setAt(original, ["stories", 0, "image"], undefined)).toEqual({ title: "T", stories: [{ headline: "A" }] });
  });

  it("names fields for people", () => {
    expect(labelFor("thumbnailUrl")).toBe("Thumbnail URL");
    expect(labelFor("attribution")).toBe("Attribution");
    expect(labelFor("url")).toBe("Link (URL)");
    expect(singular("stories")).toBe("story");
    expect(singular("papers")).toBe("paper");
  });
});
