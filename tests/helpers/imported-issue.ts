/** Reading a pasted newsletter's import in tests: its blocks by type, its checks, its rich text. */
import { expect } from "vitest";
import { parseBlocks } from "@/lib/blocks/parse-blocks.ts";
import { getBlockDefinition, type Block, type BlockType } from "@/lib/blocks/registry.ts";
import type { PlainTextImport } from "@/lib/issues/import-plain-text.ts";

export type BlockOf<T extends BlockType> = Extract<Block, { type: T }>;

export function blocksOf<T extends BlockType>(result: PlainTextImport, type: T): BlockOf<T>[] {
  return result.blocks.filter((block): block is BlockOf<T> => block.type === type);
}

/** The one block of `type`; read its `.data` where the type is known. */
export function only<T extends BlockType>(result: PlainTextImport, type: T): BlockOf<T> {
  const found = blocksOf(result, type);
  expect(found).toHaveLength(1);
  const [block] = found;
  if (!block) throw new Error(`no ${type} block`);
  return block;
}

/** Every anchor id in the import, for the uniqueness check. */
function anchorIds(result: PlainTextImport): string[] {
  return result.blocks.flatMap((block) => {
    if (block.type === "roundup") return block.data.stories.map((story) => story.id);
    if (block.type === "trendingResearch") return block.data.papers.map((paper) => paper.id);
    if (block.type === "catchUp") return block.data.items.map((item) => item.id);
    return [];
  });
}

/** Every block passes its schema, and no two stories, papers or items share an anchor. */
export function expectValid(result: PlainTextImport): void {
  const parsed = parseBlocks(result.blocks);
  expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  const ids = anchorIds(result);
  expect(new Set(ids).size).toBe(ids.length);
}

/** The import as text: its title, preheader and each block's plain-text rendering. */
export function rendered(result: PlainTextImport): string {
  return [result.title, result.preheader, ...result.blocks.map((block) => getBlockDefinition(block.type).toText(block.data))].join("\n");
}

/** The rich-text fields: each is stored Markdown. */
export function richTextFields(result: PlainTextImport): string[] {
  return result.blocks.flatMap((block) => {
    switch (block.type) {
      case "intro":
      case "text":
        return [block.data.text];
      case "roundup":
        return block.data.stories.flatMap((story) => story.parts.map((part) => part.body));
      case "trendingResearch":
        return block.data.papers.map((paper) => paper.summary);
      case "catchUp":
        return block.data.items.map((item) => item.text);
      default:
        return [];
    }
  });
}
