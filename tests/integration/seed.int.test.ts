import { describe, expect, it } from "vitest";
import { seedDemoContent } from "@/lib/demo/seed-demo";
import { listPublishedIssues } from "@/lib/issues/list-published-issues";
import { getPublication } from "@/lib/publication/get-publication";
import { testDb } from "../helpers/db";

const prisma = testDb();

describe("seedDemoContent", () => {
  it("creates a publication, two published weekly issues, a draft and subscribers, once", async () => {
    expect(await seedDemoContent(prisma, { siteUrl: "http://localhost:3100" })).toEqual({ created: true });
    expect(await seedDemoContent(prisma)).toEqual({ created: false });

    const publication = await getPublication(prisma);
    expect(publication?.name).toBe("Grid Notes");
    // The launcher passes the app's address, so links and canonical URLs point at the running app.
    expect(publication?.siteUrl).toBe("http://localhost:3100");
    const published = await listPublishedIssues(prisma, { publicationId: publication!.id });
    expect(published.map((i) => i.number)).toEqual([2, 1]);
    expect(await prisma.issue.count()).toBe(3);

    const blocks = await prisma.block.findMany({ where: { issue: { number: 1 } }, orderBy: { position: "asc" } });
    expect(blocks.map((b) => b.type)).toEqual(["intro", "roundup", "trendingResearch", "noteworthy", "signOff"]);
    expect(await prisma.subscriber.count({ where: { status: "active" } })).toBe(3);
  });
});
