import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { getBlockDefinition } from "@/lib/blocks/registry";
import { createIssue } from "@/lib/issues/create-issue";
import { discardKeptEdit, loadKeptEdit } from "@/lib/issues/keep-invalid-edit";
import { loadIssueContent } from "@/lib/issues/load-issue-content";
import { saveTemplate } from "@/lib/library/block-library";
import { renderPreview } from "@/lib/issues/render-preview";
import { listRevisions, restoreRevision } from "@/lib/issues/revisions";
import { REVISION_COALESCE_MS, saveIssue, writeIssueContent } from "@/lib/issues/save-issue";
import { STANDARD_TEMPLATE_TYPES } from "@/lib/issues/standard-template";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createUser } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

async function setup() {
  await createPublication(prisma);
  const ada: Actor = await createUser(prisma, { role: "editor", name: "Ada" });
  const bo: Actor = await createUser(prisma, { role: "author", name: "Bo" });
  const created = await createIssue(prisma, ada, { from: "standard" });
  if (!created.ok) throw new Error("setup failed");
  return { ada, bo, issueId: created.issueId };
}

const intro = (text: string) => ({ type: "intro", data: { text } });
/** A block as loaded back: with where it appears and its topics, which default to everywhere and none. */
const stored = <B extends object>(block: B) => ({ ...block, channel: "everywhere", topics: [] });

describe("creating an issue", () => {
  it("numbers issues in sequence, from the standard template, the last issue's structure, or a paste", async () => {
    const { ada } = await setup();
    const standard = await loadIssueContent(prisma, (await prisma.issue.findFirstOrThrow({ where: { number: 1 } })).id);
    expect(standard?.blocks.map((block) => block.type)).toEqual(STANDARD_TEMPLATE_TYPES);

    const blank = await createIssue(prisma, ada, { from: "blank" });
    expect(blank).toMatchObject({ ok: true, number: 2 });

    const first = await prisma.issue.findFirstOrThrow({ where: { number: 1 } });
    await saveIssue(prisma, ada, {
      issueId: first.id,
      expectedVersion: first.version,
      title: "First",
      preheader: "",
      blocks: [intro("Hello"), { type: "noteworthy", data: { title: "Elsewhere", items: [{ text: "A thing", url: "https://example.com/a", source: "Example" }] } }],
    });
    await prisma.issue.update({ where: { id: first.id }, data: { number: 99 } });
    const copy = await createIssue(prisma, ada, { from: "last" });
    if (!copy.ok) throw new Error("copy failed");
    expect(copy.number).toBe(100);
    // Same types, each as a new block of its type, with the section title kept.
    expect((await loadIssueContent(prisma, copy.issueId))?.blocks).toEqual([intro(""), { type: "noteworthy", data: { ...(getBlockDefinition("noteworthy").defaults() as object), title: "Elsewhere" } }].map(stored));

    const pasted = await createIssue(prisma, ada, { from: "paste", pasted: "A Pasted Issue\n\nHello readers, this week is short.\n" });
    if (!pasted.ok) throw new Error("paste failed");
    const content = await loadIssueContent(prisma, pasted.issueId);
    expect(content?.title).toBe("A Pasted Issue");
    expect(JSON.stringify(content?.blocks)).toContain("Hello readers");
  });

  it("copies the structure of the last issue that went out, not of a newer blank draft", async () => {
    const { ada } = await setup();
    const first = await prisma.issue.findFirstOrThrow({ where: { number: 1 } });
    const noteworthy = { type: "noteworthy", data: { title: "Elsewhere", items: [{ text: "A thing", url: "https://example.com/a", source: "Example" }] } };
    await saveIssue(prisma, ada, { issueId: first.id, expectedVersion: first.version, title: "Sent", preheader: "", blocks: [intro("Hello"), noteworthy] });
    await prisma.issue.update({ where: { id: first.id }, data: { status: "sent", sentAt: new Date(), scheduledAt: new Date() } });
    // A blank draft started since, and abandoned.
    expect(await createIssue(prisma, ada, { from: "blank" })).toMatchObject({ ok: true, number: 2 });
    const copy = await createIssue(prisma, ada, { from: "last" });
    if (!copy.ok) throw new Error("copy failed");
    expect((await loadIssueContent(prisma, copy.issueId))?.blocks.map((block) => block.type)).toEqual(["intro", "noteworthy"]);
  });

  it("keeps where each block appears in a template and in the last issue's structure: an email-only block stays off the web", async () => {
    const { ada } = await setup();
    const owner: Actor = await createUser(prisma, { role: "owner" });
    const first = await prisma.issue.findFirstOrThrow({ where: { number: 1 } });
    const sponsor = { ...intro("Thanks to our sponsor"), channel: "email_only" };
    const aside = { ...intro("A long aside for the web"), channel: "web_only" };
    await saveIssue(prisma, ada, { issueId: first.id, expectedVersion: first.version, title: "Sent", preheader: "", blocks: [intro("Hello"), sponsor, aside] });
    await prisma.issue.update({ where: { id: first.id }, data: { status: "sent", sentAt: new Date(), scheduledAt: new Date() } });
    const channels = async (issueId: string) => (await loadIssueContent(prisma, issueId))?.blocks.map((block) => block.channel);

    const copy = await createIssue(prisma, ada, { from: "last" });
    if (!copy.ok) throw new Error("copy failed");
    expect(await channels(copy.issueId)).toEqual(["everywhere", "email_only", "web_only"]);

    expect(await saveTemplate(prisma, owner, { name: "Weekly", blocks: [intro("Hello"), sponsor, { ...aside, channel: "nowhere" }] })).toMatchObject({ ok: true });
    const template = await prisma.issueTemplate.findFirstOrThrow({ where: { name: "Weekly" } });
    const fromTemplate = await createIssue(prisma, ada, { from: "template", templateId: template.id });
    if (!fromTemplate.ok) throw new Error("template failed");
    // A channel that is not one is everywhere, as a save reads it.
    expect(await channels(fromTemplate.issueId)).toEqual(["everywhere", "email_only", "everywhere"]);
  });

  it("refuses a paste whose issue would be over 1 MB, before creating it", async () => {
    const { ada } = await setup();
    // Under the paste's 500,000 characters, but three bytes each in UTF-8.
    const pasted = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: ${"語".repeat(9_000)}`).join("\n\n");
    const result = await createIssue(prisma, ada, { from: "paste", pasted });
    expect(result).toEqual({ ok: false, reason: "invalid", fieldErrors: { pasted: expect.stringMatching(/^The issue is 1\.\d MB; an issue holds at most 1 MB\./) } });
    expect(await prisma.issue.count()).toBe(1);
  });

  it("refuses an empty paste and an unknown start with a message", async () => {
    const { ada } = await setup();
    expect(await createIssue(prisma, ada, { from: "paste", pasted: "   " })).toMatchObject({ ok: false, reason: "invalid", fieldErrors: { pasted: expect.stringContaining("empty") } });
    expect(await createIssue(prisma, ada, { from: "somewhere" })).toMatchObject({ ok: false, reason: "invalid" });
    expect(await createIssue(prisma, ada, { from: "template", templateId: "nope" })).toEqual({ ok: false, reason: "template-not-found" });
  });

  it("gives two issues created at once two numbers", async () => {
    const { ada } = await setup();
    const results = await Promise.all([createIssue(prisma, ada, { from: "blank" }), createIssue(prisma, ada, { from: "blank" })]);
    expect(results.map((r) => (r.ok ? r.number : 0)).sort()).toEqual([2, 3]);
  });
});

describe("saving an issue (optimistic concurrency on Issue.version)", () => {
  it("saves, bumps the version, and follows the title with the slug while unpublished", async () => {
    const { ada, issueId } = await setup();
    const result = await saveIssue(prisma, ada, { issueId, expectedVersion: 1, title: "Tides & Batteries", preheader: "Short", blocks: [intro("Hi")] });
    expect(result).toMatchObject({ ok: true, version: 2 });
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issueId } })).toMatchObject({ title: "Tides & Batteries", slug: "tides-batteries", version: 2 });
    expect((await loadIssueContent(prisma, issueId))?.blocks).toEqual([stored(intro("Hi"))]);
  });

  it("refuses a save built on an old version, returns the newer content, and changes nothing", async () => {
    const { ada, bo, issueId } = await setup();
    expect(await saveIssue(prisma, ada, { issueId, expectedVersion: 1, title: "Ada's", preheader: "", blocks: [intro("Ada")] })).toMatchObject({ ok: true, version: 2 });
    const second = await saveIssue(prisma, bo, { issueId, expectedVersion: 1, title: "Bo's", preheader: "", blocks: [intro("Bo")] });
    expect(second).toMatchObject({ ok: false, reason: "conflict", current: { title: "Ada's", version: 2, blocks: [intro("Ada")] } });
    expect((await loadIssueContent(prisma, issueId))?.title).toBe("Ada's");
    // Keeping theirs deliberately: a save on the version the conflict reported.
    expect(await saveIssue(prisma, bo, { issueId, expectedVersion: 2, title: "Bo's", preheader: "", blocks: [intro("Bo")] })).toMatchObject({ ok: true, version: 3 });
  });

  it("lets exactly one of two concurrent saves on the same version through", async () => {
    const { ada, bo, issueId } = await setup();
    const results = await Promise.all([
      saveIssue(prisma, ada, { issueId, expectedVersion: 1, title: "A", preheader: "", blocks: [] }),
      saveIssue(prisma, bo, { issueId, expectedVersion: 1, title: "B", preheader: "", blocks: [] }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === "conflict")).toHaveLength(1);
  });

  it("rejects content that fails a block schema, naming the block and field, and keeps the stored content", async () => {
    const { ada, issueId } = await setup();
    const result = await saveIssue(prisma, ada, {
      issueId,
      expectedVersion: 1,
      title: "Bad\nTitle",
      preheader: "",
      blocks: [intro("ok"), { type: "noteworthy", data: { title: "N", items: [{ text: "x", url: "javascript:alert(1)", source: "s" }] } }, { type: "nope", data: {} }],
    });
    if (result.ok || result.reason !== "invalid") throw new Error("expected invalid");
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ blockIndex: null, path: ["title"] }),
        expect.objectContaining({ blockIndex: 1, path: ["items", 0, "url"] }),
        expect.objectContaining({ blockIndex: 2, message: expect.stringContaining("unknown type") }),
      ]),
    );
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issueId } })).toMatchObject({ version: 1, title: "" });
  });

  it("refuses content over 1 MB (in UTF-8) with the reason, and keeps the stored content; just under it saves", async () => {
    const { ada, issueId } = await setup();
    // 9,000 characters fit an intro; it is the number of blocks that has no limit of its own.
    const blocks = (count: number, char: string) => Array.from({ length: count }, () => intro(char.repeat(9_000)));
    const under = await saveIssue(prisma, ada, { issueId, expectedVersion: 1, title: "Long", preheader: "", blocks: blocks(100, "a") });
    expect(under).toMatchObject({ ok: true, version: 2 });
    // 60 blocks of "é": 540,000 characters, but 1.08 MB as UTF-8, which is what the request carries.
    for (const tooMuch of [blocks(120, "a"), blocks(60, "é")]) {
      const result = await saveIssue(prisma, ada, { issueId, expectedVersion: 2, title: "Longer", preheader: "", blocks: tooMuch });
      expect(result).toEqual({ ok: false, reason: "invalid", problems: [{ blockIndex: null, path: [], message: expect.stringMatching(/^The issue is 1\.1 MB; an issue holds at most 1 MB\./) }] });
    }
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issueId } })).toMatchObject({ version: 2, title: "Long" });
    expect(await prisma.block.count({ where: { issueId } })).toBe(100);
  });

  it("previews content up to 1 MB, and answers content over it with the reason instead of a render", async () => {
    const { issueId } = await setup();
    const content = (count: number) => ({ title: "Long", preheader: "", blocks: Array.from({ length: count }, () => intro("a".repeat(9_000))) });
    const under = await renderPreview(prisma, { issueId, mode: "email", content: content(100) });
    expect(under?.html).toContain("a".repeat(9_000));
    const over = await renderPreview(prisma, { issueId, mode: "email", content: content(120) });
    expect(over).toEqual({ html: null, problems: [{ blockIndex: null, path: [], message: expect.stringMatching(/^The issue is 1\.1 MB; an issue holds at most 1 MB\./) }] });
  });

  it("previews the web page as the site shows it, with name greetings resolved for nobody in particular", async () => {
    const { issueId } = await setup();
    const content = { title: "Hi {{name|there}}", preheader: "", blocks: [intro("Hello {{ name | friend }}, and welcome.")] };
    const web = await renderPreview(prisma, { issueId, mode: "web", content });
    expect(web?.html).toContain("<h1>Hi there</h1>");
    expect(web?.html).toContain("Hello friend, and welcome.");
    expect(web?.html).not.toContain("{{");
  });

  it("refuses to edit a sent issue", async () => {
    const { ada, issueId } = await setup();
    await prisma.issue.update({ where: { id: issueId }, data: { status: "sent", sentAt: new Date() } });
    expect(await saveIssue(prisma, ada, { issueId, expectedVersion: 1, title: "Late", preheader: "", blocks: [] })).toEqual({ ok: false, reason: "not-editable", status: "sent" });
  });
});

describe("edits that fail the checks (the composer's autosave)", () => {
  const badLink = { type: "noteworthy", data: { title: "N", items: [{ text: "x", url: "javascript:alert(1)", source: "s" }] } };

  it("are kept beside the issue, which keeps its last valid content, and the next valid save removes them", async () => {
    const { ada, issueId } = await setup();
    const edits = { title: "Tides, half done", preheader: "", blocks: [intro("A long afternoon's work"), badLink] };
    const result = await saveIssue(prisma, ada, { issueId, expectedVersion: 1, ...edits, keepIfInvalid: true });
    expect(result).toMatchObject({ ok: false, reason: "invalid", kept: true, problems: [expect.objectContaining({ blockIndex: 1, path: ["items", 0, "url"] })] });
    // The issue is as it was: sends, previews elsewhere and the API see only checked content.
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issueId } })).toMatchObject({ version: 1, title: "" });
    // Another device, or a teammate, opens the issue with the edits.
    expect(await loadKeptEdit(prisma, issueId)).toMatchObject({ content: edits, baseVersion: 1, savedBy: "Ada", problems: [expect.objectContaining({ blockIndex: 1 })] });
    // Bo opens the issue: his composer saves the same edits again, which stay Ada's.
    const bo: Actor = await createUser(prisma, { role: "editor", name: "Bo" });
    expect(await saveIssue(prisma, bo, { issueId, expectedVersion: 1, ...edits, keepIfInvalid: true })).toMatchObject({ kept: true });
    expect(await loadKeptEdit(prisma, issueId)).toMatchObject({ savedBy: "Ada" });

    // Fixed and saved: the issue holds the edits, and nothing is kept any more.
    const fixed = { ...edits, blocks: [intro("A long afternoon's work"), { ...badLink, data: { ...badLink.data, items: [{ text: "x", url: "https://example.com/x", source: "s" }] } }] };
    expect(await saveIssue(prisma, ada, { issueId, expectedVersion: 1, ...fixed, keepIfInvalid: true })).toMatchObject({ ok: true, version: 2 });
    expect(await loadKeptEdit(prisma, issueId)).toBeNull();
    expect((await loadIssueContent(prisma, issueId))?.title).toBe("Tides, half done");
  });

  it("are never dropped unseen by a write from elsewhere (the API, a restore): built on an older version now, they come back as a conflict", async () => {
    const { ada, issueId } = await setup();
    const bad = { title: "Ada's afternoon", preheader: "", blocks: [badLink] };
    expect(await saveIssue(prisma, ada, { issueId, expectedVersion: 1, ...bad, keepIfInvalid: true })).toMatchObject({ kept: true });
    // An integration replaces the draft (as PUT /api/v1/issues/N does, through saveIssue without keepIfInvalid).
    expect(await saveIssue(prisma, ada, { issueId, expectedVersion: 1, title: "From the API", preheader: "", blocks: [] })).toMatchObject({ ok: true, version: 2 });
    expect(await loadKeptEdit(prisma, issueId)).toMatchObject({ baseVersion: 1, content: bad });
    // A restore of the first revision leaves them too.
    const [first] = (await listRevisions(prisma, issueId)).slice(-1);
    expect(await restoreRevision(prisma, ada, { issueId, revisionId: first!.id, expectedVersion: 2 })).toMatchObject({ ok: true });
    expect(await loadKeptEdit(prisma, issueId)).toMatchObject({ baseVersion: 1, content: bad });
  });

  it("are dropped when the composer is back at the saved content (undone by hand), or took a newer version over them", async () => {
    const { ada, issueId } = await setup();
    const bad = { title: "Bad", preheader: "", blocks: [badLink] };
    expect(await saveIssue(prisma, ada, { issueId, expectedVersion: 1, ...bad, keepIfInvalid: true })).toMatchObject({ kept: true });
    // A composer on an older version than the edits leaves them alone.
    await discardKeptEdit(prisma, ada, { issueId, expectedVersion: 0 });
    expect(await loadKeptEdit(prisma, issueId)).not.toBeNull();
    await discardKeptEdit(prisma, ada, { issueId, expectedVersion: 1 });
    expect(await loadKeptEdit(prisma, issueId)).toBeNull();
    // Someone who may not write issues cannot drop them.
    expect(await saveIssue(prisma, ada, { issueId, expectedVersion: 1, ...bad, keepIfInvalid: true })).toMatchObject({ kept: true });
    const viewer: Actor = await createUser(prisma, { role: "viewer" });
    await expect(discardKeptEdit(prisma, viewer, { issueId, expectedVersion: 1 })).rejects.toThrow();
    expect(await loadKeptEdit(prisma, issueId)).not.toBeNull();
  });

  it("are kept only for the composer, on the current version, for someone who may edit the issue, and never as a 500", async () => {
    const { ada, bo, issueId } = await setup();
    const bad = { title: "Bad", preheader: "", blocks: [badLink] };
    // The API's save (no keepIfInvalid) keeps nothing.
    expect(await saveIssue(prisma, ada, { issueId, expectedVersion: 1, ...bad })).not.toHaveProperty("kept");
    // Built on an older version: a conflict to settle first, not edits to keep over someone's newer save.
    expect(await saveIssue(prisma, ada, { issueId, expectedVersion: 1, title: "Valid", preheader: "", blocks: [] })).toMatchObject({ ok: true, version: 2 });
    expect(await saveIssue(prisma, ada, { issueId, expectedVersion: 1, ...bad, keepIfInvalid: true })).toMatchObject({ reason: "invalid", kept: false });
    // Scheduled: an author may not edit it, so keeps nothing either.
    await prisma.issue.update({ where: { id: issueId }, data: { status: "scheduled", scheduledAt: new Date(Date.now() + 86_400_000) } });
    expect(await saveIssue(prisma, bo, { issueId, expectedVersion: 2, ...bad, keepIfInvalid: true })).toMatchObject({ reason: "invalid", kept: false });
    // Text PostgreSQL cannot hold is not kept (that is logged), and the save still answers with the problems.
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await saveIssue(prisma, ada, { issueId, expectedVersion: 2, ...bad, title: "Half an emoji \uD83D", keepIfInvalid: true })).toMatchObject({ reason: "invalid", kept: false });
      expect(logged).toHaveBeenCalledWith(expect.stringContaining("could not be kept on the server"), expect.anything());
    } finally {
      logged.mockRestore();
    }
    // Content over the limit is refused whole: nothing to keep.
    const huge = Array.from({ length: 120 }, () => intro("a".repeat(9_000)));
    expect(await saveIssue(prisma, ada, { issueId, expectedVersion: 2, title: "Huge", preheader: "", blocks: huge, keepIfInvalid: true })).not.toHaveProperty("kept");
    expect(await prisma.issueKeptEdit.count()).toBe(0);
  });
});

describe("revisions", () => {
  it("keeps the template's state and the sitting a restore replaces", async () => {
    const { ada, issueId } = await setup();
    const now = Date.now();
    const write = (version: number, text: string, at: number) =>
      writeIssueContent(prisma, ada, { issueId, expectedVersion: version, content: { title: text, preheader: "", blocks: [{ type: "intro", data: { text } }] }, now: new Date(at) });
    await write(1, "first", now + 60_000);
    await write(2, "second", now + 120_000);
    const [sitting, creation] = await listRevisions(prisma, issueId);
    expect(sitting!.title).toBe("second");
    expect(creation!.version).toBe(1);
    // Restore the creation state within the same sitting: the "second" content must survive in the history.
    expect(await restoreRevision(prisma, ada, { issueId, revisionId: creation!.id, expectedVersion: 3 })).toMatchObject({ ok: true });
    const history = (await listRevisions(prisma, issueId)).map((revision) => [revision.version, revision.title]).sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(history).toEqual([
      [1, ""],
      [3, "second"],
      [4, ""],
    ]);
  });

  it("coalesces one person's saves within a sitting, splits by person and by time, and restores", async () => {
    const { ada, bo, issueId } = await setup();
    // An hour after the issue was created, so the first save starts a sitting of its own.
    const t0 = new Date(Date.now() + 3_600_000);
    const write = (actor: Actor, version: number, text: string, now: Date) =>
      writeIssueContent(prisma, actor, { issueId, expectedVersion: version, content: { title: text, preheader: "", blocks: [{ type: "intro", data: { text } }] }, now });
    await write(ada, 1, "one", t0);
    await write(ada, 2, "two", new Date(t0.getTime() + 60_000));
    await write(bo, 3, "three", new Date(t0.getTime() + 120_000));
    await write(bo, 4, "four", new Date(t0.getTime() + 120_000 + REVISION_COALESCE_MS + 1));
    const revisions = await listRevisions(prisma, issueId);
    // Newest first: Bo's second sitting, Bo's first, Ada's sitting (holding "two"), and the creation.
    expect(revisions.map((r) => [r.title, r.author?.name])).toEqual([
      ["four", "Bo"],
      ["three", "Bo"],
      ["two", "Ada"],
      ["", "Ada"],
    ]);
    const adas = revisions[2]!;
    const restored = await restoreRevision(prisma, ada, { issueId, revisionId: adas.id, expectedVersion: 5 });
    expect(restored).toMatchObject({ ok: true, version: 6 });
    expect((await loadIssueContent(prisma, issueId))?.blocks).toEqual([stored(intro("two"))]);
    // Restoring is a save: it refuses a stale version like any other.
    expect(await restoreRevision(prisma, ada, { issueId, revisionId: adas.id, expectedVersion: 5 })).toMatchObject({ ok: false, reason: "conflict" });
  });
});
