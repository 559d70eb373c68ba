import { describe, expect, it } from "vitest";
import { LIMITS } from "../../lib/blocks/fields.ts";
import { parseBlocks } from "../../lib/blocks/parse-blocks.ts";
import { blockDefinitions, type Block } from "../../lib/blocks/registry.ts";
import { richTextBlockSchema } from "../../lib/blocks/rich-text-block.tsx";
import { exportIssueMarkdown } from "../../lib/issues/export-issue-markdown.ts";
import { importIssueMarkdown, MAX_IMPORT_MARKDOWN } from "../../lib/issues/import-issue-markdown.ts";
import { linkTargets } from "../../lib/rich-text/parse-rich-text.ts";

/** What a rich-text field says about `text`: [] when it is accepted. */
function problems(text: string): string[] {
  const parsed = richTextBlockSchema.safeParse({ text });
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

/** Markdown that micromark reads in time that grows with the square of its length (seconds for 10 kB, before). */
const PATHOLOGICAL = {
  unclosedLinks: "[a](".repeat(2_500),
  emphasis: "*a_".repeat(3_333),
  brackets: "[".repeat(5_000) + "]".repeat(5_000),
  listItems: "- a\n".repeat(2_500),
  nesting: ">".repeat(5_000),
};

describe("rich text that micromark would read slowly", () => {
  it("is refused with the reason, under the field's length limit", () => {
    expect(problems(PATHOLOGICAL.unclosedLinks)).toEqual([expect.stringMatching(/^has more than 16 links, backticks or "<" in one paragraph that never close: .*\(in the paragraph starting "\[a\]\(\[a\]\(/)]);
    expect(problems(PATHOLOGICAL.emphasis)).toEqual([expect.stringContaining("has more brackets, asterisks and underscores in one paragraph than can be read quickly (over 632 in 9999 characters)")]);
    expect(problems(PATHOLOGICAL.brackets)).toEqual([expect.stringContaining("has more brackets, asterisks and underscores in one paragraph")]);
    expect(problems(PATHOLOGICAL.listItems)).toEqual([expect.stringContaining("has more markup than its length can carry")]);
    expect(problems(PATHOLOGICAL.nesting)).toEqual(["has lists or quotations nested more than 32 deep: flatten them"]);
  });

  it("is not read at all when it is over the field's length: the length is the only problem", () => {
    // Zod runs the field's refinement even after the length check failed; the link check would otherwise read 40 kB.
    const long = `[a](javascript:alert(1)) ${PATHOLOGICAL.unclosedLinks.repeat(4)}`;
    expect(problems(long)).toEqual([`must be at most ${LIMITS.richText} characters`]);
  });

  it("accepts what stories hold: links every few words, lists of links, short lists, nested lists and quotations", () => {
    const sentence = (n: number) => `Story ${n} is [on the site](https://example.com/stories/${n}) and __worth a read__, say _our editors_. `;
    expect(problems(Array.from({ length: 80 }, (_, n) => sentence(n)).join(""))).toEqual([]);
    expect(problems(Array.from({ length: 30 }, (_, n) => `- [Paper ${n} on grids](https://arxiv.org/abs/2301.${10000 + n})`).join("\n"))).toEqual([]);
    expect(problems("Our picks:\n\n- Solar\n- Wind\n- Hydro\n- Tidal\n- Nuclear\n- Geothermal\n- Biomass\n- Storage")).toEqual([]);
    // Links with titles or <destinations>, comparisons with "<", in a tight list (one paragraph to micromark).
    expect(problems(Array.from({ length: 20 }, (_, n) => `- [Part ${n}](https://example.com/${n} "Part ${n}") and [more](<https://example.com/${n} b>)`).join("\n"))).toEqual([]);
    expect(problems(Array.from({ length: 20 }, (_, n) => `- Plan ${n}: latency < ${n} ms, \`fn_${n}(*args, **kwargs)\` returns x < ${n}`).join("\n"))).toEqual([]);
    // A long list of one-word items, all markup by nature: short, so bounded by its length.
    expect(problems(`Tools mentioned:\n\n${Array.from({ length: 60 }, (_, n) => `- Tool${n}`).join("\n")}`)).toEqual([]);
    expect(problems("1. First\n   - a detail\n     - a finer one\n2. Second\n\n> A quotation\n> > and one inside it")).toEqual([]);
    expect(problems("Use `grid_check()` or `meter_read()`; see <https://example.com> and snake_case_names.")).toEqual([]);
  });

  it("keeps each field's link targets, read once", () => {
    const text = "[a](https://example.com/a) and [b](https://example.com/b)";
    expect(linkTargets(text)).toEqual(["https://example.com/a", "https://example.com/b"]);
    expect(linkTargets(text)).toBe(linkTargets(text));
    expect(linkTargets("No link here, and no bracket.")).toEqual([]);
  });
});

describe("issue Markdown that micromark would read slowly", () => {
  const refusal = (markdown: string) => {
    const result = importIssueMarkdown(markdown);
    return result.ok ? null : result.problems.map((problem) => problem.message);
  };

  it("is refused over the import's length, with the limit", () => {
    expect(refusal("word ".repeat(MAX_IMPORT_MARKDOWN / 5) + "!")).toEqual(["The Markdown is 100,001 characters; an import reads at most 100,000. Import a shorter issue, or split it."]);
  });

  it("is refused before it is read, in a title, before the first block, or in a block", () => {
    expect(refusal("[a](".repeat(20_000))).toEqual([expect.stringMatching(/^The Markdown has more than 16 links, backticks or "<" in one paragraph that never close/)]);
    expect(refusal(`# ${"*a_".repeat(10_000)}`)).toEqual([expect.stringMatching(/^The Markdown has more brackets, asterisks and underscores in one paragraph/)]);
    // Short lines the whole file may hold (its own structure is short lines), but not a field or a block.
    expect(refusal(`# Title\n\n${"- abcdefghij\n".repeat(1_000)}`)).toEqual([expect.stringMatching(/^the text before the first block has more markup than its length can carry/)]);
    expect(refusal(`# Title\n\n<!-- block: text -->\n\n${"abcdefgh\n\n".repeat(1_000)}`)).toEqual([expect.stringMatching(/^line 3: the block has more markup than its length can carry/)]);
    expect(refusal(`# Title\n\n${"- a\n".repeat(1_000)}`)).toEqual([expect.stringMatching(/^The Markdown has more markup than its length can carry/)]);
  });

  it("still reads back any export, even drafts of empty blocks, which are mostly short lines", () => {
    for (const definition of blockDefinitions) {
      for (const data of [definition.defaults(), definition.example]) {
        const parsed = parseBlocks(Array.from({ length: 50 }, () => ({ type: definition.type, data })));
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems[0]));
        const markdown = exportIssueMarkdown({ title: "Draft", preheader: "", blocks: parsed.blocks as Block[] });
        const result = importIssueMarkdown(markdown);
        expect(result.ok ? result.issue.blocks.length : result.problems, definition.type).toBe(50);
      }
    }
  });
});
