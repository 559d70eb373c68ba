import { describe, expect, it } from "vitest";
import { parseIssueContent } from "../../lib/issues/issue-content.ts";
import { stripControlCharacters } from "../../lib/text/control-characters.ts";

const save = (title: string, preheader: string, blocks: unknown[]) => parseIssueContent({ title, preheader, blocks });
const problemsOf = (result: ReturnType<typeof save>) => (result.ok ? [] : result.problems.map(({ blockIndex, path, message }) => ({ blockIndex, path, message })));

describe("invisible control characters XML forbids", () => {
  it("are dropped at save from the title, the preheader and every kind of text field: a soft line break reads as a space", () => {
    const result = save("Tides\u000Band grids", "Sea walls\u001B", [
      // plainText (a quote's attribution), multilineText (its text), richText (a sign-off's text).
      { type: "quote", data: { text: "Said\u0008 twice", attribution: "A source\uFFFF", url: "" } },
      { type: "signOff", data: { text: "🌊 Bye\u000C for now\u0000", tagline: "" } },
    ]);
    expect(problemsOf(result)).toEqual([]);
    if (!result.ok) return;
    expect([result.content.title, result.content.preheader]).toEqual(["Tides and grids", "Sea walls"]);
    expect(result.content.blocks.map((block) => block.data)).toEqual([
      { text: "Said twice", attribution: "A source", url: "" },
      { text: "🌊 Bye  for now", tagline: "" },
    ]);
  });

  it("leave tabs, and line breaks where a field may span lines, alone", () => {
    const result = save("Tides\tand grids", "", [
      { type: "quote", data: { text: "Line one\r\nline two\n\tindented", attribution: "A\tsource", url: "" } },
      { type: "signOff", data: { text: "Bye\n\nfor now", tagline: "" } },
    ]);
    expect(problemsOf(result)).toEqual([]);
    // A one-line field still refuses a line break, with its own message.
    expect(problemsOf(save("Tides\nand grids", "", []))).toEqual([{ blockIndex: null, path: ["title"], message: "must be a single line" }]);
  });

  it("are stripped: the two line breaks among them become spaces, the rest go", () => {
    expect(stripControlCharacters("a\u000Bb\u000Cc\u0000d\u0008e\u001Bf\uFFFEg\uFFFFh\ti\nj\rk")).toBe("a b cdefgh\ti\nj\rk");
  });
});
