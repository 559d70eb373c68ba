import { describe, expect, it } from "vitest";
import { textExcerpt } from "@/lib/text/text-excerpt";

describe("textExcerpt", () => {
  it("runs a block's text lines together without the underlines and rules of its plain-text layout", () => {
    expect(textExcerpt("Top stories\n===========\n\nA headline\n----------\nSome text.\n\n* * *\nMore.", 200)).toBe("Top stories A headline Some text. More.");
  });

  it("cuts at the limit with an ellipsis, never inside an emoji", () => {
    const cut = textExcerpt(`${"a".repeat(8)}😀😀`, 10);
    expect(cut).toBe(`${"a".repeat(8)}…`);
    expect(textExcerpt("short", 10)).toBe("short");
  });
});
