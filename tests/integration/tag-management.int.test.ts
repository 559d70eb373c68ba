import { parse } from "csv-parse/sync";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { exportSubscribersCsv } from "@/lib/audience/export-subscribers";
import { countSubscribers, listSubscribers, SUBSCRIBERS_PER_PAGE } from "@/lib/audience/list-subscribers";
import { parseSubscriberFilter } from "@/lib/audience/parse-subscriber-filter";
import { tagSubscribers } from "@/lib/audience/tag-subscribers";
import { createTag, deleteTag, listTags, updateTag } from "@/lib/tags/manage-tags";
import { setIssueSegment } from "@/lib/tags/set-issue-segment";
import { resetDatabase, testDb } from "../helpers/db";
import { waitUntil } from "../helpers/wait-until";
import { createBlock, createIssue, createPublication, createSubscriber } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

async function tagIds(subscriberId: string) {
  return (await prisma.subscriberTag.findMany({ where: { subscriberId }, select: { tagId: true } })).map((row) => row.tagId).sort();
}

describe("managing tags", () => {
  it("creates, renames, makes public with a description, and refuses a second tag of the same name", async () => {
    await createPublication(prisma);
    const created = await createTag(prisma, { name: "  Early   readers ", description: "" });
    expect(created).toMatchObject({ ok: true });
    const id = created.ok ? created.id : "";
    expect(await createTag(prisma, { name: "early-readers" })).toMatchObject({ ok: false, reason: "name-taken" });
    expect(await createTag(prisma, { name: "!!!" })).toMatchObject({ ok: false, reason: "invalid", fieldErrors: { name: "needs a letter or a digit" } });
    expect(await updateTag(prisma, { id, name: "Machine Learning", isPublic: "on", description: "Models, papers and tools." })).toEqual({ ok: true, id });
    expect(await prisma.tag.findUniqueOrThrow({ where: { id }, select: { name: true, slug: true, isPublic: true, description: true } })).toEqual({
      name: "Machine Learning",
      slug: "machine-learning",
      isPublic: true,
      description: "Models, papers and tools.",
    });
    const other = await createTag(prisma, { name: "Rust" });
    expect(await updateTag(prisma, { id: other.ok ? other.id : "", name: "machine learning", description: "" })).toMatchObject({ ok: false, reason: "name-taken" });
    expect(await updateTag(prisma, { id, name: "Machine Learning", description: "" })).toEqual({ ok: true, id });
    expect((await prisma.tag.findUniqueOrThrow({ where: { id } })).isPublic).toBe(false);
  });

  it("deleting a tag takes it off subscribers, issues, blocks' topics and segments, and leaves other tags", async () => {
    const publication = await createPublication(prisma);
    const [gone, kept] = await Promise.all(["Gone", "Kept"].map((name) => prisma.tag.create({ data: { publicationId: publication.id, name, slug: name.toLowerCase(), isPublic: true } })));
    const issue = await createIssue(prisma, { publicationId: publication.id, audienceTagIds: [gone!.id, kept!.id], audienceMatch: "all", topics: { create: [{ tagId: gone!.id }, { tagId: kept!.id }] } });
    const sent = await createIssue(prisma, { publicationId: publication.id, number: 2, status: "sent", sentAt: new Date(), audienceTagIds: [gone!.id] });
    const block = await createBlock(prisma, { issueId: issue.id, topics: [kept!.id, gone!.id] });
    const subscriber = await createSubscriber(prisma, { publicationId: publication.id, tags: { create: [{ tagId: gone!.id }, { tagId: kept!.id }] } });
    expect(await deleteTag(prisma, { id: gone!.id })).toEqual({ ok: true });
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id }, select: { audienceTagIds: true } })).toEqual({ audienceTagIds: [kept!.id] });
    // A sent issue's segment is the record of who it went to: it keeps the id.
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: sent.id }, select: { audienceTagIds: true } })).toEqual({ audienceTagIds: [gone!.id] });
    expect(await prisma.block.findUniqueOrThrow({ where: { id: block.id }, select: { topics: true } })).toEqual({ topics: [kept!.id] });
    expect(await prisma.issueTag.findMany({ where: { issueId: issue.id }, select: { tagId: true } })).toEqual([{ tagId: kept!.id }]);
    expect(await tagIds(subscriber.id)).toEqual([kept!.id]);
    expect(await deleteTag(prisma, { id: gone!.id })).toEqual({ ok: false, reason: "not-found" });
  });

  // Two connections at once: only the server has them (the embedded database runs one statement at a time).
  it.runIf(inject("databaseKind") === "server")("never leaves a scheduled issue going to a tag deleted while its segment was being set", async () => {
    const publication = await createPublication(prisma);
    const tag = await createTag(prisma, { name: "Berlin" });
    if (!tag.ok) throw new Error("no tag");
    const issue = await createIssue(prisma, { publicationId: publication.id, status: "scheduled", scheduledAt: new Date(Date.now() + 3_600_000) });
    const waitingOnLocks = async () =>
      Number((await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)[0]!.n);
    // A third party holds the issue, so the segment's write waits after it has read the tag.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Issue" WHERE "id" = ${issue.id} FOR UPDATE`;
      await held;
    }, { timeout: 60_000 });
    await waitUntil("the holder has the issue", async () => (await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'Issue' AND l.mode = 'RowShareLock'`)[0]!.n > 0n);
    const segment = setIssueSegment(prisma, { issueId: issue.id, tagIds: [tag.id], match: "any" });
    await waitUntil("the segment waits for the issue", async () => (await waitingOnLocks()) >= 1);
    let deleted: Awaited<ReturnType<typeof deleteTag>> | undefined;
    const deletion = deleteTag(prisma, { id: tag.id }).then((result) => (deleted = result));
    // The deletion either finishes (it did not see the segment coming) or waits for it.
    await waitUntil("the deletion finishes or waits", async () => deleted !== undefined || (await waitingOnLocks()) >= 2);
    release();
    await Promise.all([holder, segment, deletion]);

    const stored = await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } });
    const tagLeft = await prisma.tag.findUnique({ where: { id: tag.id } });
    expect(stored.audienceTagIds).toEqual([tag.id]);
    expect(tagLeft).not.toBeNull();
    expect(deleted).toMatchObject({ ok: false, reason: "scheduled" });
  });

  it("refuses to delete a tag a scheduled issue is going to, so it does not go out to everyone instead", async () => {
    const publication = await createPublication(prisma);
    const tag = await prisma.tag.create({ data: { publicationId: publication.id, name: "VIP", slug: "vip" } });
    await createIssue(prisma, { publicationId: publication.id, number: 7, status: "scheduled", scheduledAt: new Date(Date.now() + 3_600_000), audienceTagIds: [tag.id] });
    expect(await deleteTag(prisma, { id: tag.id })).toMatchObject({ ok: false, reason: "scheduled", message: expect.stringContaining("#7") });
    expect(await prisma.tag.count()).toBe(1);
  });

  it("lists every tag with its subscriber count", async () => {
    const publication = await createPublication(prisma);
    const tag = await prisma.tag.create({ data: { publicationId: publication.id, name: "B", slug: "b" } });
    await prisma.tag.create({ data: { publicationId: publication.id, name: "A", slug: "a", isPublic: true } });
    for (let n = 0; n < 3; n++) await createSubscriber(prisma, { publicationId: publication.id, tags: { create: [{ tagId: tag.id }] } });
    expect((await listTags(prisma, publication.id)).map((row) => [row.name, row.isPublic, row.subscribers])).toEqual([
      ["A", true, 0],
      ["B", false, 3],
    ]);
  });
});

/** 130 subscribers, every third one tagged "ai" (44 of them), one erased, plus a stranger tagged in another publication. */
async function crowd() {
  const publication = await createPublication(prisma);
  const ai = await prisma.tag.create({ data: { publicationId: publication.id, name: "AI", slug: "ai" } });
  const vip = await prisma.tag.create({ data: { publicationId: publication.id, name: "VIP", slug: "vip" } });
  const start = Date.parse("2026-01-01T00:00:00Z");
  await prisma.subscriber.createMany({
    data: Array.from({ length: 130 }, (_, n) => ({ publicationId: publication.id, email: `p${String(n).padStart(3, "0")}@mail.example.com`, status: n % 10 === 9 ? ("unsubscribed" as const) : ("active" as const), createdAt: new Date(start + n * 60_000) })),
  });
  const all = await prisma.subscriber.findMany({ where: { publicationId: publication.id }, orderBy: { email: "asc" } });
  await prisma.subscriberTag.createMany({ data: all.filter((_, n) => n % 3 === 0).map((row) => ({ subscriberId: row.id, tagId: ai.id })) });
  const elsewhere = await createPublication(prisma);
  const foreignTag = await prisma.tag.create({ data: { publicationId: elsewhere.id, name: "AI", slug: "ai" } });
  await createSubscriber(prisma, { publicationId: elsewhere.id, tags: { create: [{ tagId: foreignTag.id }] } });
  return { publication, ai, vip, all };
}

describe("subscribers by tag", () => {
  it("filters the list by tag across keyset pages, with counts, and reads the tag from the query string", async () => {
    const { publication, ai, all } = await crowd();
    const expected = all.filter((_, n) => n % 3 === 0).map((row) => row.email);
    expect(parseSubscriberFilter({ tag: ai.id })).toMatchObject({ tagId: ai.id });
    expect(parseSubscriberFilter({ tag: "x'; drop" }).tagId).toBeUndefined();
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await listSubscribers(prisma, { publicationId: publication.id, tagId: ai.id, sort: "email", after });
      seen.push(...page.subscribers.map((row) => row.email));
      expect(page.subscribers.every((row) => row.tags.some(({ tag }) => tag.id === ai.id))).toBe(true);
      after = page.nextCursor ?? undefined;
      pages++;
    } while (after);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / SUBSCRIBERS_PER_PAGE));
    const counts = await countSubscribers(prisma, { publicationId: publication.id, tagId: ai.id });
    expect(counts.total).toBe(expected.length);
    expect(counts.byStatus.unsubscribed).toBe(all.filter((row, n) => n % 3 === 0 && row.status === "unsubscribed").length);
  });

  it("the CSV export holds only the tagged subscribers when filtered by a tag", async () => {
    const { publication, ai, all } = await crowd();
    const text = await new Response(exportSubscribersCsv(prisma, { publicationId: publication.id, tagId: ai.id, status: "active" })).text();
    const rows = parse(text, { columns: true }) as { email: string }[];
    expect(rows.map((row) => row.email).sort()).toEqual(all.filter((row, n) => n % 3 === 0 && row.status === "active").map((row) => row.email));
  });

  it("tags the ticked rows, and only rows of the tag's publication", async () => {
    const { ai, all } = await crowd();
    const stranger = await prisma.subscriber.findFirstOrThrow({ where: { NOT: { publicationId: ai.publicationId } } });
    const picked = [all[1]!.id, all[2]!.id, all[3]!.id, stranger.id];
    expect(await tagSubscribers(prisma, { tagId: ai.id, action: "add", scope: { kind: "selected", ids: picked } })).toEqual({ ok: true, changed: 2 });
    expect(await tagIds(all[1]!.id)).toEqual([ai.id]);
    expect(await prisma.subscriberTag.count({ where: { tagId: ai.id } })).toBe(44 + 2);
    expect(await tagSubscribers(prisma, { tagId: ai.id, action: "remove", scope: { kind: "selected", ids: [all[0]!.id, stranger.id] } })).toEqual({ ok: true, changed: 1 });
    // Nothing ticked: a sentence the subscribers page can show as it is, naming no field.
    expect(await tagSubscribers(prisma, { tagId: ai.id, action: "add", scope: { kind: "selected", ids: [] } })).toEqual({ ok: false, reason: "none-ticked", message: "Tick at least one subscriber to tag." });
    expect(await tagSubscribers(prisma, { tagId: ai.id, action: "remove", scope: { kind: "selected", ids: [] } })).toEqual({ ok: false, reason: "none-ticked", message: "Tick at least one subscriber to untag." });
    expect(await tagSubscribers(prisma, { tagId: ai.id, action: "add", scope: { kind: "selected" } })).toMatchObject({ ok: false, reason: "invalid" });
    expect(await tagSubscribers(prisma, { tagId: "missing", action: "add", scope: { kind: "selected", ids: [all[0]!.id] } })).toEqual({ ok: false, reason: "not-found" });
  });

  it("tags and untags the whole filtered view (every page), leaving erased rows alone", async () => {
    const { publication, ai, vip, all } = await crowd();
    await prisma.subscriber.update({ where: { id: all[0]!.id }, data: { source: "erased", status: "unsubscribed" } });
    // Everyone tagged AI who is still active becomes VIP.
    const result = await tagSubscribers(prisma, { tagId: vip.id, action: "add", scope: { kind: "filter", tagId: ai.id, status: "active" } });
    const expected = all.filter((row, n) => n % 3 === 0 && row.status === "active" && n !== 0).map((row) => row.id).sort();
    expect(result).toEqual({ ok: true, changed: expected.length });
    const vips = (await prisma.subscriberTag.findMany({ where: { tagId: vip.id }, select: { subscriberId: true } })).map((row) => row.subscriberId).sort();
    expect(vips).toEqual(expected);
    // Again: nothing new; a search narrows the view.
    expect(await tagSubscribers(prisma, { tagId: vip.id, action: "add", scope: { kind: "filter", tagId: ai.id, status: "active" } })).toEqual({ ok: true, changed: 0 });
    expect(await tagSubscribers(prisma, { tagId: vip.id, action: "remove", scope: { kind: "filter", query: "p00" } })).toEqual({ ok: true, changed: expected.filter((id) => all.findIndex((row) => row.id === id) < 10).length });
    expect(await tagSubscribers(prisma, { tagId: vip.id, action: "remove", scope: { kind: "filter" } })).toMatchObject({ ok: true });
    expect(await prisma.subscriberTag.count({ where: { tagId: vip.id } })).toBe(0);
    expect(await listSubscribers(prisma, { publicationId: publication.id, tagId: vip.id })).toEqual({ subscribers: [], nextCursor: null });
  });
});
