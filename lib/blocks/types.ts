import type { ReactElement } from "react";
import type { z } from "zod";

/** A path inside a block's data, as zod reports it: ["stories", 1, "url"]. */
export type DataPath = (string | number)[];

/** How a block is drawn for the web, beyond its data. */
export type WebRenderOptions = {
  /**
   * The "#" beside a story's heading, linking to the story on the page. On by default; off in a copy
   * read away from the page (a feed item), where "#story-1" would resolve against the feed's address
   * and the "#" shows as a stray character.
   */
  permalinks?: boolean;
};

/** Something that must be fixed before a block can be sent. */
export type BlockProblem = { path: DataPath; message: string };

/**
 * One block type. Its folder in lib/blocks/<type>/ holds each part; the
 * registry lists the folders. Adding a type means adding a folder and one
 * line in the registry.
 */
export interface BlockDefinition<Type extends string, Schema extends z.ZodType> {
  type: Type;
  /** What editors see: "Weekly News Roundup", "Noteworthy". */
  name: string;
  description: string;
  /** The stored shape, with limits. Drafts may leave required fields empty. */
  schema: Schema;
  /** A new, empty block of this type. */
  defaults(): z.output<Schema>;
  /** Realistic content: previews, docs, tests. */
  example: z.output<Schema>;
  /** Fields a sent block must have (the schema alone accepts drafts). */
  checkForSend(data: z.output<Schema>): BlockProblem[];
  /** `accent`: the publication's colour for links and titles (lib/email/theme.ts); absent, the built-in ones. */
  Email(props: { data: z.output<Schema>; accent?: string }): ReactElement | null;
  Web(props: { data: z.output<Schema> } & WebRenderOptions): ReactElement | null;
  toText(data: z.output<Schema>): string;
  toMarkdown(data: z.output<Schema>): string;
  /** Reads `toMarkdown`'s format back; throws MarkdownImportError on what it cannot read. */
  fromMarkdown(markdown: string): z.input<Schema>;
}

export function defineBlock<Type extends string, Schema extends z.ZodType>(
  definition: BlockDefinition<Type, Schema>,
): BlockDefinition<Type, Schema> {
  return definition;
}

export class MarkdownImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MarkdownImportError";
  }
}
