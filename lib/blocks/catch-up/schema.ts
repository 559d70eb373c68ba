import { z } from "zod";
import { image, itemId, items, LIMITS, plainText, richText, webUrl } from "../fields.ts";
import type { BlockProblem } from "../types.ts";

export const catchUpItem = z.object({
  id: itemId(),
  headline: plainText(LIMITS.headline),
  url: webUrl().default(""),
  text: richText(LIMITS.shortRichText),
  image: image().optional(),
});

export const catchUpSchema = z.object({
  title: plainText(LIMITS.title),
  items: items(catchUpItem),
});
export type CatchUpData = z.output<typeof catchUpSchema>;

export const catchUpDefaults = (): CatchUpData => ({
  title: "60-Second Catch-Up",
  items: [{ id: "item-1", headline: "", url: "", text: "" }],
});

export const catchUpExample: CatchUpData = {
  title: "60-Second Catch-Up",
  items: [
    {
      id: "cable-factory",
      headline: "A cable factory opens on the coast",
      url: "https://example.com/cable-factory",
      text: "It will make export cables for three offshore projects.",
      image: { src: "https://example.com/images/cable.jpg", alt: "A drum of subsea cable on a quay", credit: "Example Cables" },
    },
    { id: "meter-data", headline: "Smart-meter data goes public", url: "", text: "Half-hourly, anonymised, by postcode." },
  ],
};

export function checkCatchUp(data: CatchUpData): BlockProblem[] {
  const problems: BlockProblem[] = [];
  if (data.items.length === 0) problems.push({ path: ["items"], message: "has no items" });
  data.items.forEach((item, index) => {
    const name = `item ${index + 1}`;
    if (!item.headline.trim() && !item.text.trim()) problems.push({ path: ["items", index, "text"], message: `${name} is empty` });
    if (item.image && !item.image.alt.trim()) problems.push({ path: ["items", index, "image", "alt"], message: `${name}: the image needs alt text` });
    if (item.image && !item.image.src) problems.push({ path: ["items", index, "image", "src"], message: `${name}: the image needs a URL` });
  });
  return problems;
}
