import { describe, expect, it } from "vitest";
import { parseBlocks } from "../../lib/blocks/parse-blocks.ts";
import { checkIssueContent } from "../../lib/issues/check-issue.ts";
import { demoIssues } from "../../lib/demo/issues.ts";

describe("demo content", () => {
  it.each(demoIssues.map((issue) => [issue.number, issue] as const))("issue #%i passes every block schema", (_n, issue) => {
    expect(parseBlocks(issue.blocks)).toEqual({ ok: true, blocks: issue.blocks });
  });

  it("has its sent issues ready to send, and its draft not", () => {
    for (const issue of demoIssues) expect(checkIssueContent(issue).ok).toBe(issue.status === "sent");
  });
});
