import { sectionTitleText } from "../section-title.tsx";
import { joinText, withUrl } from "../text-kit.ts";
import type { NoteworthyData } from "./schema.ts";

export function noteworthyToText(data: NoteworthyData): string {
  return joinText([
    sectionTitleText(data.title),
    data.items.map((item) => `- ${withUrl(item.source ? `${item.text} — ${item.source}` : item.text, item.url)}`).join("\n"),
  ]);
}
