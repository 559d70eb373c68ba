import { defineBlock } from "../types.ts";
import { CatchUpEmail } from "./email.tsx";
import { catchUpFromMarkdown, catchUpToMarkdown } from "./markdown.ts";
import { catchUpDefaults, catchUpExample, catchUpSchema, checkCatchUp } from "./schema.ts";
import { catchUpToText } from "./text.ts";
import { CatchUpWeb } from "./web.tsx";

export const catchUpBlock = defineBlock({
  type: "catchUp",
  name: "Catch-up",
  description: "Short items with an optional thumbnail, credit and link: “60-second catch-up”, “Deep dives”.",
  schema: catchUpSchema,
  defaults: catchUpDefaults,
  example: catchUpExample,
  checkForSend: checkCatchUp,
  Email: CatchUpEmail,
  Web: CatchUpWeb,
  toText: catchUpToText,
  toMarkdown: catchUpToMarkdown,
  fromMarkdown: catchUpFromMarkdown,
});
