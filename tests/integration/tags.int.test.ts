import { beforeEach, describe, expect, it } from "vitest";
import { ensureTags, tagSlug } from "@/lib/tags/ensure-tags";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

describe("ensureTags", () => {
  it("creates missing tags once per slug, reuses existing ones, and skips names with no letters or digits", async () => {
    const publication = await createPublication(prisma);
    const existing = await prisma.tag.create({ data: { publicationId: publication.id, name: "Machine Learning", slug: "machine-learning", isPublic: true } });
    const ids = await ensureTags(prisma, publication.id, ["machine learning", "  Open   Source ", "open-source", "!!!", "Rust"]);
    expect([...ids.keys()].sort()).toEqual(["machine-learning", "open-source", "rust"]);
    expect(ids.get("machine-learning")).toBe(existing.id);
    const rows = await prisma.tag.findMany({ where: { publicationId: publication.id }, orderBy: { slug: "asc" }, select: { name: true, slug: true, isPublic: true } });
    expect(rows).toEqual([
      { name: "Machine Learning", slug: "machine-learning", isPublic: true },
      { name: "Open Source", slug: "open-source", isPublic: false },
      { name: "Rust", slug: "rust", isPublic: false },
    ]);
    expect(tagSlug("Ünïcode Tag")).toBe("unicode-tag");
  });

  it("gives the same ids to two concurrent calls", async () => {
    const publication = await createPublication(prisma);
    const [a, b] = await Promise.all([ensureTags(prisma, publication.id, ["A", "B"]), ensureTags(prisma, publication.id, ["b", "a"])]);
    expect(a).toEqual(b);
    expect(await prisma.tag.count()).toBe(2);
  });
});
