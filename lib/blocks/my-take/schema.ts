import { z } from "zod";
import { itemId, LIMITS, plainText, richText } from "../fields.ts";
import type { BlockProblem } from "../types.ts";

export const myTakeSchema = z.object({
  id: itemId(),
  title: plainText(LIMITS.title),
  body: richText(),
});
export type MyTakeData = z.output<typeof myTakeSchema>;

export const myTakeDefaults = (): MyTakeData => ({ id: "my-take", title: "", body: "" });

export const myTakeExample: MyTakeData = {
  id: "why-tides-matter",
  title: "Why tides matter more than their price",
  body: "Most grid debates compare costs per megawatt-hour. A planner cares about **when** the megawatts arrive.\n\nTidal output is known decades ahead, to the minute.",
};

export function checkMyTake(data: MyTakeData): BlockProblem[] {
  return data.body.trim() ? [] : [{ path: ["body"], message: "has no text" }];
}
