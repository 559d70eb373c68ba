import { defineBlock } from "../types.ts";
import { MyTakeEmail } from "./email.tsx";
import { myTakeFromMarkdown, myTakeToMarkdown } from "./markdown.ts";
import { checkMyTake, myTakeDefaults, myTakeExample, myTakeSchema } from "./schema.ts";
import { myTakeToText } from "./text.ts";
import { MyTakeWeb } from "./web.tsx";

export const myTakeBlock = defineBlock({
  type: "myTake",
  name: "My take",
  description: "Standalone commentary, with an optional title.",
  schema: myTakeSchema,
  defaults: myTakeDefaults,
  example: myTakeExample,
  checkForSend: checkMyTake,
  Email: MyTakeEmail,
  Web: MyTakeWeb,
  toText: myTakeToText,
  toMarkdown: myTakeToMarkdown,
  fromMarkdown: myTakeFromMarkdown,
});
