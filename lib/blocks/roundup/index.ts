import { defineBlock } from "../types.ts";
import { RoundupEmail } from "./email.tsx";
import { roundupFromMarkdown, roundupToMarkdown } from "./markdown.ts";
import { checkRoundup, roundupDefaults, roundupExample, roundupSchema } from "./schema.ts";
import { roundupToText } from "./text.ts";
import { RoundupWeb } from "./web.tsx";

export const roundupBlock = defineBlock({
  type: "roundup",
  name: "News roundup",
  description: "A section of stories, each with a headline and labelled parts: What's new, My take, How it works…",
  schema: roundupSchema,
  defaults: roundupDefaults,
  example: roundupExample,
  checkForSend: checkRoundup,
  Email: RoundupEmail,
  Web: RoundupWeb,
  toText: roundupToText,
  toMarkdown: roundupToMarkdown,
  fromMarkdown: roundupFromMarkdown,
});
