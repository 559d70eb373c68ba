import { describe, expect, it } from "vitest";
import { parseBlocks } from "../../lib/blocks/parse-blocks.ts";
import { blockDefinitions, type Block } from "../../lib/blocks/registry.ts";
import { demoIssues } from "../../lib/demo/issues.ts";
import { exportIssueMarkdown } from "../../lib/issues/export-issue-markdown.ts";
import { importIssueMarkdown } from "../../lib/issues/import-issue-markdown.ts";

function importOk(markdown: string) {
  const result = importIssueMarkdown(markdown);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.issue;
}

describe("issue Markdown", () => {
  it.each(demoIssues.map((issue) => [issue.number, issue] as const))("exports, imports and exports demo issue #%i identically", (_n, issue) => {
    const first = exportIssueMarkdown(issue);
    const imported = importOk(first);
    expect(imported.title).toBe(issue.title);
    expect(imported.preheader).toBe(issue.preheader);
    expect(imported.blocks.map((block) => block.type)).toEqual(issue.blocks.map((block) => block.type));
    expect(exportIssueMarkdown(imported)).toBe(first);
  });

  it("carries every block type, with its anchors unique across the issue", () => {
    const blocks = blockDefinitions.map((definition) => ({ type: definition.type, data: definition.example })) as Block[];
    const twice = [...blocks, ...blocks];
    const markdown = exportIssueMarkdown({ title: "All blocks", preheader: "Every type, twice", blocks: twice });
    const imported = importOk(markdown);
    expect(imported.blocks).toHaveLength(twice.length);
    // The repeated anchors are renamed on import; from then on the Markdown is stable.
    const second = exportIssueMarkdown(imported);
    expect(second).not.toBe(markdown);
    expect(exportIssueMarkdown(importOk(second))).toBe(second);
    const ids = JSON.stringify(imported.blocks).match(/"id":"[^"]+"/g) ?? [];
    expect(ids.length).toBeGreaterThan(4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps a preheader with comment-breaking characters", () => {
    const preheader = 'Ends a comment --> and <!-- starts one "quoted"';
    const imported = importOk(exportIssueMarkdown({ title: "T", preheader, blocks: [] }));
    expect(imported.preheader).toBe(preheader);
  });

  it("turns Markdown written elsewhere into a text block, losing nothing", () => {
    const imported = importOk("# Notes\n\nA paragraph with **bold** and a [link](https://example.com).\n\n- one\n- two\n");
    expect(imported.title).toBe("Notes");
    expect(imported.blocks).toEqual([{ type: "text", data: { text: "A paragraph with __bold__ and a [link](https://example.com).\n\n- one\n- two" } }]);
  });

  it("rejects an unknown block type and a malformed block, naming the line", () => {
    const result = importIssueMarkdown("# T\n\n<!-- block: poll -->\n\nWhich?\n\n<!-- block: roundup -->\n\n**What's new:** no headline\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'line 3: unknown block type "poll"',
      expect.stringMatching(/^line 7: Roundup: expected a "## Title" line first/),
    ]);
  });

  it("reads a script link as its text, and the schema refuses one written into a block directly", () => {
    const result = importIssueMarkdown("# T\n\n<!-- block: intro -->\n\nClick [here](javascript:alert(1)).\n");
    // The link is dropped to its text when read, so what arrives is safe and valid.
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.issue.blocks[0]).toEqual({ type: "intro", data: { text: "Click here." } });
    expect(parseBlocks([{ type: "intro", data: { text: "[x](javascript:alert(1))" } }]).ok).toBe(false);
  });
});

describe("block Markdown edge cases", () => {
  const roundup = blockDefinitions.find((definition) => definition.type === "roundup")!;

  it("keeps a bold opening inside a part's later paragraph as text, not a new part", () => {
    const data = {
      title: "News",
      stories: [{ id: "s", headline: "S", url: "", parts: [{ label: "My take", body: "First.\n\n**Update:** later, bold." }, { label: "", body: "Unlabelled draft part." }] }],
    };
    const imported = roundup.schema.parse(roundup.fromMarkdown(roundup.toMarkdown(data)));
    expect(imported.stories[0]?.parts).toEqual([
      { label: "My take", body: "First.\n\n__Update:__ later, bold." },
      { label: "", body: "Unlabelled draft part." },
    ]);
  });

  it("reads hand-written reference links in any part", () => {
    const markdown = "## News\n\n### S\n\n**What's new:** See [the report][r].\n\n**My take:** And [again][r].\n\n[r]: https://example.com/report";
    const imported = roundup.schema.parse(roundup.fromMarkdown(markdown));
    expect(imported.stories[0]?.parts.map((part: { body: string }) => part.body)).toEqual([
      "See [the report](https://example.com/report).",
      "And [again](https://example.com/report).",
    ]);
  });
});
