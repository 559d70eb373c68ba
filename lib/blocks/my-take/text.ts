import { richTextToPlainText } from "../../rich-text/rich-text-to-plain-text.ts";
import { joinText, underlined } from "../text-kit.ts";
import type { MyTakeData } from "./schema.ts";

export function myTakeToText(data: MyTakeData): string {
  return joinText([underlined(data.title ? `My take: ${data.title}` : "My take", "-"), richTextToPlainText(data.body)]);
}
