import { describe, expect, it } from "vitest";
import { parseBlocks } from "../../lib/blocks/parse-blocks.ts";
import { checkIssueContent } from "../../lib/issues/check-issue.ts";
import { demoIssues, demoTopics } from "../../lib/demo/issues.ts";

describe("demo content", () => {
  it.each(demoIssues.map((issue) => [issue.number, issue] as const))("issue #%i passes every block schema", (_n, issue) => {
    // Topics sit beside a block's type and data (Block.topics), outside its schema.
    const blocks = issue.blocks.map(({ type, data }) => ({ type, data }));
    expect(parseBlocks(blocks)).toEqual({ ok: true, blocks });
  });

  it("tags issues and blocks only with the demo's topics", () => {
    const slugs = new Set(demoTopics.map((topic) => topic.slug));
    const used = demoIssues.flatMap((issue) => [...(issue.topics ?? []), ...issue.blocks.flatMap((block) => block.topics ?? [])]);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((slug) => !slugs.has(slug))).toEqual([]);
  });

  it("has its sent issues ready to send, and its draft not", () => {
    for (const issue of demoIssues) expect(checkIssueContent(issue).ok).toBe(issue.status === "sent");
  });
});
