import { defineBlock } from "../types.ts";
import { NoteworthyEmail } from "./email.tsx";
import { noteworthyFromMarkdown, noteworthyToMarkdown } from "./markdown.ts";
import { checkNoteworthy, noteworthyDefaults, noteworthyExample, noteworthySchema } from "./schema.ts";
import { noteworthyToText } from "./text.ts";
import { NoteworthyWeb } from "./web.tsx";

export const noteworthyBlock = defineBlock({
  type: "noteworthy",
  name: "Noteworthy",
  description: "One-liners from other outlets, each with its link and source: “— Source”.",
  schema: noteworthySchema,
  defaults: noteworthyDefaults,
  example: noteworthyExample,
  checkForSend: checkNoteworthy,
  Email: NoteworthyEmail,
  Web: NoteworthyWeb,
  toText: noteworthyToText,
  toMarkdown: noteworthyToMarkdown,
  fromMarkdown: noteworthyFromMarkdown,
});
