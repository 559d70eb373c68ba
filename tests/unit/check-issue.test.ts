import { describe, expect, it } from "vitest";
import IssueEmail from "../../emails/issue.tsx";
import { describeProblem } from "../../lib/blocks/parse-blocks.ts";
import { demoIssues } from "../../lib/demo/issues.ts";
import { checkIssueBeforeSend, checkIssueContent, GMAIL_CLIP_BYTES } from "../../lib/issues/check-issue.ts";

const { links: _links, ...view } = IssueEmail.PreviewProps;

function messages(issue: { title: string; blocks: unknown }) {
  const result = checkIssueContent(issue);
  return result.ok ? [] : result.problems.map(describeProblem);
}

describe("checks before send", () => {
  it("pass a complete issue", async () => {
    expect(await checkIssueBeforeSend(view)).toEqual([]);
  });

  it("list every missing field of the draft, pointing at its block", () => {
    const draft = demoIssues.find((issue) => issue.status === "draft")!;
    expect(messages(draft)).toEqual([
      "Block 1 (Intro) › text: is empty",
      "Block 2 (News roundup) › stories: has no stories",
      "Block 3 (Trending research) › papers: has no papers",
      "Block 4 (Noteworthy) › items: has no items",
    ]);
  });

  it("report an invalid URL and an image without alt text", () => {
    expect(
      messages({
        title: "T",
        blocks: [
          { type: "roundup", data: { title: "News", stories: [{ id: "a", headline: "H", url: "htp:/broken", parts: [{ label: "What's new", body: "x" }] }] } },
          { type: "image", data: { src: "https://example.com/a.png", alt: "", caption: "", credit: "" } },
        ],
      }),
    ).toEqual([
      "Block 1 (News roundup) › stories[0].url: must be an http(s) URL such as https://example.com/story",
      "Block 2 (Image) › alt: needs alt text, for readers who cannot see it",
    ]);
    expect(messages({ title: "T", blocks: [{ type: "image", data: { src: "https://example.com/a.png", alt: " ", caption: "", credit: "" } }] })).toEqual([
      "Block 1 (Image) › alt: needs alt text, for readers who cannot see it",
    ]);
  });

  it("report an empty issue, a missing title and an unknown block type", () => {
    expect(messages({ title: "", blocks: [] })).toEqual(["Issue › title: needs a title (it is the email's subject)", "Issue › blocks: is empty: add at least one block with content"]);
    expect(messages({ title: "T", blocks: [{ type: "divider", data: {} }] })).toEqual(["Issue › blocks: is empty: add at least one block with content"]);
    expect(messages({ title: "T", blocks: [{ type: "poll", data: {} }] })).toEqual(['Block 1 (poll): has an unknown type "poll"']);
    expect(messages({ title: "T", blocks: "nope" })).toEqual(["Issue: blocks must be a list"]);
  });

  it("report a story anchor used twice, and a title on two lines", () => {
    const roundup = demoIssues[0]!.blocks.find((block) => block.type === "roundup")!;
    expect(messages({ title: "Two\nlines", blocks: [roundup, roundup] })).toEqual([
      "Issue › title: must be a single line (it is the email's subject)",
      'Block 2 (News roundup) › stories[0].id: uses the anchor id "storage-auction" that block 1 already uses; links to it would be ambiguous',
      'Block 2 (News roundup) › stories[1].id: uses the anchor id "heat-pump-flex" that block 1 already uses; links to it would be ambiguous',
      'Block 2 (News roundup) › stories[2].id: uses the anchor id "open-forecast" that block 1 already uses; links to it would be ambiguous',
    ]);
  });

  it("report an email that Gmail would clip", async () => {
    const paragraph = "Storage bids cleared the auction again this week, and the operators want more of it. ".repeat(100);
    const blocks = Array.from({ length: 20 }, () => ({ type: "text", data: { text: paragraph } }));
    const problems = await checkIssueBeforeSend({ ...view, blocks });
    expect(problems).toHaveLength(1);
    expect(describeProblem(problems[0]!)).toMatch(/^Issue: the email's HTML is \d+\.\d KB; Gmail clips messages over 102 KB/);
    expect(GMAIL_CLIP_BYTES).toBe(104448);
  });
});
