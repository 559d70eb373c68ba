import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { createIssue } from "@/lib/issues/create-issue";
import { loadIssueContent } from "@/lib/issues/load-issue-content";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createUser } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

async function paste(pasted: string) {
  await createPublication(prisma);
  const ada: Actor = await createUser(prisma, { role: "editor", name: "Ada" });
  const created = await createIssue(prisma, ada, { from: "paste", pasted });
  if (!created.ok) throw new Error("paste failed");
  const content = await loadIssueContent(prisma, created.issueId);
  if (!content) throw new Error("issue not found");
  return { content, notes: created.notes };
}

describe("New issue → Paste a newsletter", () => {
  it("reads ordinary Markdown as Markdown: title, headline, bold and links", async () => {
    const { content, notes } = await paste(
      [
        "# Pasted issue title",
        "",
        "Hello again: here is what happened **this week** on the grid.",
        "",
        "## Weekly News Roundup",
        "",
        "### Big battery news",
        "",
        "**What's new:** Four battery parks won contracts.",
        "",
        "## Noteworthy",
        "",
        "- Grid storage doubles in Texas [Reuters](https://reuters.com/x)",
      ].join("\n"),
    );
    expect(content.title).toBe("Pasted issue title");
    expect(content.blocks.map((block) => block.type)).toEqual(["intro", "roundup", "noteworthy"]);
    const [intro, roundup, noteworthy] = content.blocks;
    expect(intro?.data).toEqual({ text: "Hello again: here is what happened __this week__ on the grid." });
    expect(roundup?.data).toMatchObject({ stories: [{ headline: "Big battery news", parts: [{ label: "What's new", body: "Four battery parks won contracts." }] }] });
    expect(noteworthy?.data).toMatchObject({ items: [{ text: "Grid storage doubles in Texas", url: "https://reuters.com/x", source: "Reuters" }] });
    expect(notes).toContain("The paste was read as Markdown: headings, bold, italics and links were kept.");
  });
});
