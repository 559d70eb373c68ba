import { z } from "zod";
import { items, LIMITS, plainText, webUrl } from "../fields.ts";
import type { BlockProblem } from "../types.ts";

export const noteworthyItem = z.object({
  text: plainText(LIMITS.oneLiner),
  url: webUrl(),
  /** The outlet, rendered "— Source". */
  source: plainText(LIMITS.source),
});

export const noteworthySchema = z.object({
  title: plainText(LIMITS.title),
  items: items(noteworthyItem),
});
export type NoteworthyData = z.output<typeof noteworthySchema>;

export const noteworthyDefaults = (): NoteworthyData => ({
  title: "Noteworthy Stories",
  items: [{ text: "", url: "", source: "" }],
});

export const noteworthyExample: NoteworthyData = {
  title: "Noteworthy Stories",
  items: [
    { text: "Why harbour towns are bidding to host turbine assembly yards.", url: "https://example.com/harbours", source: "Example Times" },
    { text: "A field guide to reading a grid connection queue.", url: "https://example.net/queue-guide", source: "Grid Weekly" },
  ],
};

export function checkNoteworthy(data: NoteworthyData): BlockProblem[] {
  const problems: BlockProblem[] = [];
  if (data.items.length === 0) problems.push({ path: ["items"], message: "has no items" });
  data.items.forEach((item, index) => {
    const name = `item ${index + 1}`;
    if (!item.text.trim()) problems.push({ path: ["items", index, "text"], message: `${name} has no text` });
    if (!item.url) problems.push({ path: ["items", index, "url"], message: `${name} needs a link` });
    if (!item.source.trim()) problems.push({ path: ["items", index, "source"], message: `${name} needs a source name` });
  });
  return problems;
}
