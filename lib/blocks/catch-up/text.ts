import { sectionTitleText } from "../section-title.tsx";
import { richTextToPlainText } from "../../rich-text/rich-text-to-plain-text.ts";
import { joinText, withUrl } from "../text-kit.ts";
import type { CatchUpData } from "./schema.ts";

export function catchUpToText(data: CatchUpData): string {
  return joinText([
    sectionTitleText(data.title),
    ...data.items.map((item) =>
      joinText([
        item.headline ? `* ${withUrl(item.headline, item.url)}` : item.url && `* ${item.url}`,
        item.image && `[Image: ${item.image.alt}${item.image.credit ? `, ${item.image.credit}` : ""}]`,
        richTextToPlainText(item.text),
      ]),
    ),
  ]);
}
