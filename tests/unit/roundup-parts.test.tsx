import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { newListItem, emptyValue, type Json } from "@/components/editor/composer/json-value";
import { SchemaForm } from "@/components/editor/composer/schema-form";
import { blockEditorSchemas, type FieldSchema } from "@/lib/blocks/editor-schemas";
import { checkRoundup, roundupDefaults, SUGGESTED_PART_LABELS, type RoundupData } from "@/lib/blocks/roundup/schema";

type ObjectSchema = Extract<FieldSchema, { type: "object" }>;
type ArraySchema = Extract<FieldSchema, { type: "array" }>;

const roundup = blockEditorSchemas().find((schema) => schema.type === "roundup")!;
const storySchema = (roundup.fields.properties.stories as ArraySchema).items as ObjectSchema;
const partSchema = (storySchema.properties.parts as ArraySchema).items as ObjectSchema;

describe("a roundup story's parts in the composer", () => {
  it("starts a story added with '+ Add story' with the same parts as a new roundup's first story", () => {
    const story = newListItem(storySchema, roundupDefaults().stories as unknown as Json[]) as { parts: Json[] };
    expect(story.parts).toEqual(roundupDefaults().stories[0]!.parts);
    expect(story.parts).toEqual([{ label: "What's new", body: "" }]);
    // Each new story owns its parts: editing one must not edit the next one added.
    const again = emptyValue(storySchema) as { parts: { label: string }[] };
    again.parts[0]!.label = "changed";
    expect((emptyValue(storySchema) as { parts: { label: string }[] }).parts[0]!.label).toBe("What's new");
  });

  it("labels a part added with '+ Add part' with the next suggestion its story lacks, then leaves it blank", () => {
    const parts: Json[] = [];
    const labels: string[] = [];
    for (let i = 0; i < 5; i++) {
      const part = newListItem(partSchema, parts) as { label: string; body: string };
      labels.push(part.label);
      parts.push(part);
    }
    expect(labels).toEqual(["What's new", "My take", "How it works", "Why it matters", ""]);
    // Used is used whatever the case or spacing; a removed one is offered again.
    expect((newListItem(partSchema, [{ label: " what's new ", body: "" }, { label: "How it works", body: "" }]) as { label: string }).label).toBe("My take");
  });

  it("offers the suggested labels as the label input's choices, in a list of its own per field", () => {
    expect(partSchema.properties.label).toMatchObject({ type: "string", suggestions: [...SUGGESTED_PART_LABELS] });
    const data = { title: "Roundup", stories: [{ id: "a", headline: "", url: "", parts: [{ label: "", body: "" }] }, { id: "b", headline: "", url: "", parts: [{ label: "", body: "" }] }] };
    const html = renderToStaticMarkup(<SchemaForm schema={roundup.fields} value={data} onChange={() => {}} problems={new Map()} readOnly={false} />);
    const lists = [...html.matchAll(/<input[^>]* list="([^"]+)"/g)].map((match) => match[1]!);
    expect(lists).toHaveLength(2);
    expect(new Set(lists).size).toBe(2);
    for (const id of lists) {
      const datalist = new RegExp(`<datalist id="${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}">(.*?)</datalist>`).exec(html);
      expect(datalist?.[1]).toBe(SUGGESTED_PART_LABELS.map((label) => `<option value="${label.replace("'", "&#x27;")}"></option>`).join(""));
    }
  });

  it("names an empty part by its label, or by its number alone when it has none", () => {
    const data: RoundupData = {
      title: "Roundup",
      stories: [{ id: "a", headline: "A", url: "", parts: [{ label: "What's new", body: "" }, { label: "", body: "" }] }],
    };
    expect(checkRoundup(data).map((problem) => problem.message)).toEqual([
      `story 1, part 1 ("What's new") is empty`,
      "story 1, part 2 needs a label",
      "story 1, part 2 is empty",
    ]);
  });
});
