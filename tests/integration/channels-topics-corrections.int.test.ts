import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { buildFeed } from "@/lib/archive/build-feed";
import { finalizeIssue } from "@/lib/delivery/finalize-issue";
import { loadValidIssueView } from "@/lib/delivery/load-issue-view";
import { startSend } from "@/lib/delivery/start-send";
import { correctIssue } from "@/lib/issues/correct-issue";
import { getPublishedIssue } from "@/lib/issues/get-published-issue";
import { listPublishedIssues } from "@/lib/issues/list-published-issues";
import { loadIssueContent } from "@/lib/issues/load-issue-content";
import { personalizeEmail, renderIssueEmail } from "@/lib/issues/render-issue-email";
import { restoreRevision } from "@/lib/issues/revisions";
import { saveIssue } from "@/lib/issues/save-issue";
import { getTopic, listPublicTopics } from "@/lib/topics/get-topic";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createSendableIssue, createUser } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

const text = (body: string, extra: Record<string, unknown> = {}) => ({ type: "text", data: { text: body }, ...extra });
const topStories = (id: string, headline: string, extra: Record<string, unknown> = {}) => ({
  type: "topStories",
  data: { title: "Top stories", stories: [{ id, headline, url: "https://example.com/a", body: "Body." }] },
  ...extra,
});

async function draftWith(actor: Actor, content: { channel?: string; topics?: string[]; blocks: unknown[] }, recipients = 2) {
  const { publication, issue } = await createSendableIssue(prisma, { recipients });
  const saved = await saveIssue(prisma, actor, { issueId: issue.id, expectedVersion: issue.version, title: "Placement", preheader: "", ...content });
  if (!saved.ok) throw new Error(`save failed: ${JSON.stringify(saved)}`);
  return { publication, issueId: issue.id, version: saved.version };
}

async function publish(issueId: string) {
  const started = await startSend(prisma, { issueId });
  expect(started.started).toBe(true);
  await prisma.delivery.updateMany({ where: { issueId }, data: { status: "sent", sentAt: new Date() } });
  expect(await finalizeIssue(prisma, issueId)).toBe("sent");
}

describe("web-only and email-only", () => {
  it("keeps web-only blocks out of the email and email-only blocks off the web and the feeds", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const { publication, issueId } = await draftWith(editor, {
      blocks: [text("Shared paragraph."), text("Only on the website.", { channel: "web_only" }), text("Only in your inbox.", { channel: "email_only" })],
    });
    const view = await loadValidIssueView(prisma, issueId);
    const email = personalizeEmail(await renderIssueEmail(view!.view), { name: "Ada", email: "ada@example.com", unsubscribeUrl: "https://u", preferencesUrl: "https://p" });
    expect(email.html).toContain("Shared paragraph.");
    expect(email.html).toContain("Only in your inbox.");
    expect(email.html).not.toContain("Only on the website.");

    await publish(issueId);
    const issue = await prisma.issue.findUniqueOrThrow({ where: { id: issueId } });
    const web = await getPublishedIssue(prisma, { publicationId: publication.id, number: issue.number });
    const webText = JSON.stringify(web?.blocks);
    expect(webText).toContain("Shared paragraph.");
    expect(webText).toContain("Only on the website.");
    expect(webText).not.toContain("Only in your inbox.");
    const feed = await buildFeed(prisma, "rss");
    expect(feed).toContain("Only on the website.");
    expect(feed).not.toContain("Only in your inbox.");
  });

  it("sends an email-only issue but never lists it; publishes a web-only issue without one email", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const emailOnly = await draftWith(editor, { channel: "email_only", blocks: [text("For subscribers.")] });
    await publish(emailOnly.issueId);
    expect(await prisma.delivery.count({ where: { issueId: emailOnly.issueId } })).toBe(2);
    const emailOnlyIssue = await prisma.issue.findUniqueOrThrow({ where: { id: emailOnly.issueId } });
    expect(await getPublishedIssue(prisma, { publicationId: emailOnly.publication.id, number: emailOnlyIssue.number })).toBeNull();
    expect(await listPublishedIssues(prisma, { publicationId: emailOnly.publication.id })).toEqual([]);

    const webOnly = await draftWith(editor, { channel: "web_only", blocks: [text("For the site.")] });
    expect(await startSend(prisma, { issueId: webOnly.issueId })).toEqual({ started: true, recipients: 0 });
    expect(await prisma.delivery.count({ where: { issueId: webOnly.issueId } })).toBe(0);
    expect(await finalizeIssue(prisma, webOnly.issueId)).toBe("sent");
    const webOnlyIssue = await prisma.issue.findUniqueOrThrow({ where: { id: webOnly.issueId } });
    expect(await getPublishedIssue(prisma, { publicationId: webOnly.publication.id, number: webOnlyIssue.number })).not.toBeNull();
  });

  it("refuses a channel that is not one, naming where", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const { issue } = await createSendableIssue(prisma, { recipients: 0 });
    const result = await saveIssue(prisma, editor, { issueId: issue.id, expectedVersion: issue.version, title: "x", preheader: "", channel: "fax_only", blocks: [text("a", { channel: "pigeon" })] });
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    expect(result.ok ? [] : "problems" in result ? result.problems.map((p) => [p.blockIndex, p.path.join(".")]) : []).toEqual([
      [null, "channel"],
      [0, "channel"],
    ]);
    expect((await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).version).toBe(issue.version);
  });
});

describe("topics", () => {
  it("tags issues and stories with the publication's tags only, and a restore keeps the issue's topics", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const { publication, issue } = await createSendableIssue(prisma, { recipients: 1 });
    const energy = await prisma.tag.create({ data: { publicationId: publication.id, name: "Energy", slug: "energy", isPublic: true } });
    const elsewhere = await createPublication(prisma);
    const foreign = await prisma.tag.create({ data: { publicationId: elsewhere.id, name: "Foreign", slug: "foreign", isPublic: true } });
    const saved = await saveIssue(prisma, editor, {
      issueId: issue.id,
      expectedVersion: issue.version,
      title: "Topics",
      preheader: "",
      topics: [energy.id, foreign.id, "made-up"],
      blocks: [topStories("tides", "Tides, all winter", { topics: [energy.id, foreign.id] })],
    });
    expect(saved.ok).toBe(true);
    const content = await loadIssueContent(prisma, issue.id);
    expect(content?.topics).toEqual([energy.id]);
    expect(content?.blocks[0]).toMatchObject({ channel: "everywhere", topics: [energy.id] });

    const revision = await prisma.issueRevision.findFirstOrThrow({ where: { issueId: issue.id }, orderBy: { updatedAt: "desc" } });
    // Another person, so the first sitting's revision stays as it was.
    const owner = await createUser(prisma, { role: "owner" });
    const again = await saveIssue(prisma, owner, { issueId: issue.id, expectedVersion: saved.ok ? saved.version : 0, title: "Topics", preheader: "", channel: "web_only", topics: [energy.id], blocks: [] });
    expect(again.ok).toBe(true);
    const restored = await restoreRevision(prisma, owner, { issueId: issue.id, revisionId: revision.id, expectedVersion: again.ok ? again.version : 0 });
    expect(restored.ok).toBe(true);
    const after = await loadIssueContent(prisma, issue.id);
    expect(after).toMatchObject({ channel: "web_only", topics: [energy.id] });
    expect(after?.blocks).toHaveLength(1);
  });

  it("gives each public topic a page of its issues and stories, linking to the story's anchor", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const { publication, issueId } = await draftWith(editor, { blocks: [] });
    const energy = await prisma.tag.create({ data: { publicationId: publication.id, name: "Energy", slug: "energy", isPublic: true, description: "Grids and storage." } });
    const hidden = await prisma.tag.create({ data: { publicationId: publication.id, name: "Paying readers", slug: "paying-readers" } });
    const issue = await prisma.issue.findUniqueOrThrow({ where: { id: issueId } });
    const saved = await saveIssue(prisma, editor, {
      issueId,
      expectedVersion: issue.version,
      title: "Energy week",
      preheader: "",
      topics: [energy.id, hidden.id],
      blocks: [topStories("tides", "Tides, all winter", { topics: [energy.id] }), topStories("secret", "Inbox only", { topics: [energy.id], channel: "email_only" }), topStories("other", "Not tagged")],
    });
    expect(saved.ok).toBe(true);
    expect((await getTopic(prisma, { publicationId: publication.id, slug: "energy" }))?.issues).toEqual([]);

    await publish(issueId);
    const published = await prisma.issue.findUniqueOrThrow({ where: { id: issueId } });
    const topic = await getTopic(prisma, { publicationId: publication.id, slug: "energy" });
    expect(topic?.tag).toMatchObject({ name: "Energy", description: "Grids and storage." });
    expect(topic?.issues.map((i) => i.title)).toEqual(["Energy week"]);
    expect(topic?.stories).toEqual([{ id: "tides", headline: "Tides, all winter", issue: { number: published.number, title: "Energy week", slug: "energy-week" } }]);
    expect(await getTopic(prisma, { publicationId: publication.id, slug: "paying-readers" })).toBeNull();
    // A slug from the URL that no column could hold (/topics/%00) is no topic, not an error.
    for (const slug of ["energy\u0000", "\u0000", "energy\uD83D"]) expect(await getTopic(prisma, { publicationId: publication.id, slug }), JSON.stringify(slug)).toBeNull();
    expect(await listPublicTopics(prisma, publication.id)).toEqual([{ name: "Energy", slug: "energy", description: "Grids and storage.", issues: 1 }]);
    const page = await getPublishedIssue(prisma, { publicationId: publication.id, number: issue.number });
    expect(page?.topics).toEqual([{ name: "Energy", slug: "energy" }]);
  });
});

describe("corrections", () => {
  it("changes the web version of a sent issue and records a dated note; needs a note, a sent issue and the current version", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const { publication, issueId } = await draftWith(editor, { blocks: [text("The array makes 120 MW.")] });
    const draft = await prisma.issue.findUniqueOrThrow({ where: { id: issueId } });
    const input = { issueId, title: "Placement", preheader: "", blocks: [text("The array makes 12 MW.")] };
    expect(await correctIssue(prisma, editor, { ...input, expectedVersion: draft.version, note: "12 MW, not 120." })).toEqual({ ok: false, reason: "not-editable", status: "draft" });

    await publish(issueId);
    const sent = await prisma.issue.findUniqueOrThrow({ where: { id: issueId } });
    const noNote = await correctIssue(prisma, editor, { ...input, expectedVersion: sent.version, note: "   " });
    expect(noNote).toMatchObject({ ok: false, reason: "invalid", problems: [{ path: ["note"] }] });
    expect(await prisma.issueCorrection.count()).toBe(0);

    // A pasted soft line break reads as a space, as in every text field; other invisible controls go.
    const corrected = await correctIssue(prisma, editor, { ...input, channel: "email_only", expectedVersion: sent.version, note: "  12 MW,\u000bnot 120.\u0001  " });
    expect(corrected.ok).toBe(true);
    const stale = await correctIssue(prisma, editor, { ...input, expectedVersion: sent.version, note: "Again" });
    expect(stale).toMatchObject({ ok: false, reason: "conflict" });

    const page = await getPublishedIssue(prisma, { publicationId: publication.id, number: sent.number });
    expect(JSON.stringify(page?.blocks)).toContain("12 MW.");
    expect(JSON.stringify(page?.blocks)).not.toContain("120 MW");
    expect(page?.corrections.map((c) => c.note)).toEqual(["12 MW, not 120."]);
    const after = await prisma.issue.findUniqueOrThrow({ where: { id: issueId } });
    expect(after).toMatchObject({ status: "sent", channel: "everywhere", sentAt: sent.sentAt, publishedAt: sent.publishedAt });
  });

  it("is refused to an author", async () => {
    const author = await createUser(prisma, { role: "author" });
    await expect(correctIssue(prisma, author, { issueId: "x", expectedVersion: 1, title: "t", preheader: "", blocks: [], note: "n" })).rejects.toThrow(/may not/);
  });
});
