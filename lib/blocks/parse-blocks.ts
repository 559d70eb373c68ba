import { getBlockDefinition, isBlockType, type Block } from "./registry.ts";
import type { DataPath } from "./types.ts";

/** A problem with one block (or the whole issue, when `blockIndex` is null), worded for the editor. */
export type ContentProblem = {
  blockIndex: number | null;
  blockId?: string;
  blockType?: string;
  /** Where in the block's data, for the editor to highlight the field. */
  path: DataPath;
  message: string;
};

/** "Block 2 (News roundup) › stories[1].url: must be an http(s) URL…" */
export function describeProblem(problem: ContentProblem): string {
  const where = formatPath(problem.path);
  if (problem.blockIndex === null) return `Issue${where ? ` › ${where}` : ""}: ${problem.message}`;
  const name = problem.blockType && isBlockType(problem.blockType) ? getBlockDefinition(problem.blockType).name : problem.blockType;
  return `Block ${problem.blockIndex + 1}${name ? ` (${name})` : ""}${where ? ` › ${where}` : ""}: ${problem.message}`;
}

export function formatPath(path: DataPath): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`)).join("");
}

/**
 * Validates raw blocks (from the database, a form, an import) against their
 * schemas. Returns the blocks with schema defaults applied, or every problem.
 */
export function parseBlocks(input: unknown): { ok: true; blocks: Block[] } | { ok: false; problems: ContentProblem[] } {
  const { valid, problems } = parseEachBlock(input);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, blocks: valid.map((entry) => entry.block) };
}

/** Every block that passes, with its position, and the problems of those that do not. */
export function parseEachBlock(input: unknown): { valid: { index: number; block: Block }[]; problems: ContentProblem[] } {
  if (!Array.isArray(input)) return { valid: [], problems: [{ blockIndex: null, path: [], message: "blocks must be a list" }] };
  const problems: ContentProblem[] = [];
  const valid: { index: number; block: Block }[] = [];
  input.forEach((raw: unknown, index) => {
    const parsed = parseBlock(raw, index);
    if ("problems" in parsed) problems.push(...parsed.problems);
    else valid.push({ index, block: parsed.block });
  });
  return { valid, problems };
}

function parseBlock(raw: unknown, blockIndex: number): { block: Block } | { problems: ContentProblem[] } {
  if (typeof raw !== "object" || raw === null || !("type" in raw) || typeof raw.type !== "string") {
    return { problems: [{ blockIndex, path: [], message: "is not a block (it has no type)" }] };
  }
  const id = "id" in raw && typeof raw.id === "string" ? raw.id : undefined;
  if (!isBlockType(raw.type)) {
    return { problems: [{ blockIndex, blockId: id, blockType: raw.type, path: [], message: `has an unknown type "${raw.type.slice(0, 40)}"` }] };
  }
  const result = getBlockDefinition(raw.type).schema.safeParse("data" in raw ? raw.data : undefined);
  if (!result.success) {
    return {
      problems: result.error.issues.map((issue) => ({
        blockIndex,
        blockId: id,
        blockType: raw.type as string,
        path: issue.path.filter((key): key is string | number => typeof key !== "symbol"),
        message: issue.message,
      })),
    };
  }
  // The schema for raw.type accepted the data, so this is that type's block.
  const block = { ...(id ? { id } : {}), type: raw.type, data: result.data } as Block;
  return { block };
}
