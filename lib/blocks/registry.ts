/**
 * The block types an issue can hold. To add one: create lib/blocks/<type>/
 * exporting a `defineBlock(...)`, and list it here. Nothing else changes.
 */
import type { z } from "zod";
import { catchUpBlock } from "./catch-up/index.ts";
import { dividerBlock } from "./divider/index.tsx";
import { headingBlock } from "./heading/index.tsx";
import { imageBlock } from "./image/index.tsx";
import { introBlock } from "./intro/index.ts";
import { myTakeBlock } from "./my-take/index.ts";
import { noteworthyBlock } from "./noteworthy/index.ts";
import { quoteBlock } from "./quote/index.tsx";
import { roundupBlock } from "./roundup/index.ts";
import { signOffBlock } from "./sign-off/index.tsx";
import { textBlock } from "./text/index.ts";
import { topStoriesBlock } from "./top-stories/index.ts";
import { trendingResearchBlock } from "./trending-research/index.ts";
import type { BlockDefinition } from "./types.ts";
import { videoBlock } from "./video/index.tsx";

export const blockDefinitions = [
  introBlock,
  roundupBlock,
  myTakeBlock,
  trendingResearchBlock,
  noteworthyBlock,
  topStoriesBlock,
  catchUpBlock,
  headingBlock,
  textBlock,
  quoteBlock,
  imageBlock,
  videoBlock,
  dividerBlock,
  signOffBlock,
] as const;

type Definition = (typeof blockDefinitions)[number];
export type BlockType = Definition["type"];

/** One block, typed by its `type`. `id` is the database row's, when it has one. */
export type Block = {
  [D in Definition as D["type"]]: { id?: string; type: D["type"]; data: z.output<D["schema"]> };
}[BlockType];

export type BlockDataOf<T extends BlockType> = Extract<Block, { type: T }>["data"];

/**
 * A definition seen through its erased interface. Its methods are declared
 * with method syntax, so every concrete definition fits without a cast; the
 * data handed to it has passed that definition's schema (see parseBlock).
 */
export type AnyBlockDefinition = BlockDefinition<string, z.ZodType>;

const byType = new Map<string, AnyBlockDefinition>(blockDefinitions.map((definition) => [definition.type, definition]));

export function isBlockType(type: string): type is BlockType {
  return byType.has(type);
}

export function getBlockDefinition(type: string): AnyBlockDefinition {
  const definition = byType.get(type);
  if (!definition) throw new Error(`Unknown block type "${type}". Known types: ${[...byType.keys()].join(", ")}.`);
  return definition;
}
