import { describe, expect, it, vi } from "vitest";
import { getPublishedIssue } from "@/lib/issues/get-published-issue";
import { parseIssuePath, issuePath } from "@/lib/issues/issue-path";
import { createBlock, createIssue, createPublication } from "../helpers/factories";
import { testDb } from "../helpers/db";

const prisma = testDb();

describe("getPublishedIssue", () => {
  it("returns a sent, published issue with its blocks parsed, in order", async () => {
    const publication = await createPublication(prisma);
    const issue = await createIssue(prisma, { publicationId: publication.id, number: 4, status: "sent", sentAt: new Date(), publishedAt: new Date() });
    await createBlock(prisma, { issueId: issue.id, position: 1, type: "divider", data: {} });
    await createBlock(prisma, { issueId: issue.id, position: 0, type: "heading", data: { text: "Deep dives" } });
    const found = await getPublishedIssue(prisma, { publicationId: publication.id, number: 4 });
    expect(found?.blocks.map((block) => ({ type: block.type, data: block.data }))).toEqual([
      { type: "heading", data: { text: "Deep dives" } },
      { type: "divider", data: {} },
    ]);
  });

  it.each(["draft", "scheduled", "sending", "canceled"] as const)("hides a %s issue", async (status) => {
    const publication = await createPublication(prisma);
    // The CHECK constraints want the timestamps each status implies.
    const times = status === "scheduled" ? { scheduledAt: new Date() } : {};
    await createIssue(prisma, { publicationId: publication.id, number: 9, status, publishedAt: new Date(), ...times });
    expect(await getPublishedIssue(prisma, { publicationId: publication.id, number: 9 })).toBeNull();
  });

  it("hides a sent issue that is not published, and another publication's issue", async () => {
    const publication = await createPublication(prisma);
    const other = await createPublication(prisma);
    await createIssue(prisma, { publicationId: publication.id, number: 5, status: "sent", sentAt: new Date() });
    await createIssue(prisma, { publicationId: other.id, number: 6, status: "sent", sentAt: new Date(), publishedAt: new Date() });
    expect(await getPublishedIssue(prisma, { publicationId: publication.id, number: 5 })).toBeNull();
    expect(await getPublishedIssue(prisma, { publicationId: publication.id, number: 6 })).toBeNull();
  });

  it("leaves out a stored block that no longer passes its schema, names it in the log, and serves the rest", async () => {
    const publication = await createPublication(prisma);
    const issue = await createIssue(prisma, { publicationId: publication.id, number: 7, status: "sent", sentAt: new Date(), publishedAt: new Date() });
    await createBlock(prisma, { issueId: issue.id, position: 0, type: "heading", data: { text: "Before" } });
    await createBlock(prisma, { issueId: issue.id, position: 1, type: "image", data: { src: "javascript:alert(1)", alt: "x", caption: "", credit: "" } });
    await createBlock(prisma, { issueId: issue.id, position: 2, type: "heading", data: { text: "After" } });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const found = await getPublishedIssue(prisma, { publicationId: publication.id, number: 7 });
      expect(found?.blocks.map((block) => block.data)).toEqual([{ text: "Before" }, { text: "After" }]);
      expect(logged).toHaveBeenCalledWith(expect.stringContaining("Issue #7: left out of the web page, blocks that fail their schema:\nBlock 2 (Image) › src: must be an http(s) URL"));
    } finally {
      logged.mockRestore();
    }
  });
});

describe("issue paths", () => {
  it("round-trip number and slug, and refuse anything else", () => {
    expect(issuePath({ number: 12, slug: "tides-all-winter" })).toBe("/issues/12-tides-all-winter");
    expect(parseIssuePath("12-tides-all-winter")).toEqual({ number: 12, slug: "tides-all-winter" });
    expect(parseIssuePath("12")).toEqual({ number: 12, slug: "" });
    for (const bad of ["0-x", "-1", "abc", "1e3", "12345678901-x", ""]) expect(parseIssuePath(bad)).toBeNull();
  });
});
