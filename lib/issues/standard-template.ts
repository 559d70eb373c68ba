import { getBlockDefinition, type Block, type BlockType } from "../blocks/registry.ts";

/** The publication's standard skeleton: intro → roundup → trending research → noteworthy → sign-off. */
export const STANDARD_TEMPLATE_TYPES: BlockType[] = ["intro", "roundup", "trendingResearch", "noteworthy", "signOff"];

export function emptyBlock(type: BlockType): Block {
  return { type, data: getBlockDefinition(type).defaults() } as Block;
}

export function standardTemplateBlocks(): Block[] {
  return STANDARD_TEMPLATE_TYPES.map(emptyBlock);
}

/**
 * "Same structure as the last issue": each block's type with empty content.
 * A section title stays (it names the section, week after week): a type has
 * one when its empty block starts with a title, as roundups and noteworthy
 * do; a "my take" title is content, and starts empty like the rest.
 */
export function sameStructure(blocks: Block[]): Block[] {
  return blocks.map((block) => {
    const empty = emptyBlock(block.type);
    const title = "title" in block.data && typeof block.data.title === "string" ? block.data.title : undefined;
    return title !== undefined && "title" in empty.data && empty.data.title !== "" ? ({ type: empty.type, data: { ...empty.data, title } } as Block) : empty;
  });
}
