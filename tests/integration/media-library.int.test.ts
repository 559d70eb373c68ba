/**
 * The Images page's domain (lib/media/list-images.ts, find-image-uses.ts, delete-image.ts): where each
 * upload is shown, through the real commands that put URLs into issues, the block library and
 * templates; deleting one, refused while anything still shows it; the listing's pages and filter.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { GET } from "@/app/media/[file]/route";
import { commands } from "@/lib/commands";
import type { Actor } from "@/lib/auth/permissions";
import { findImageUses } from "@/lib/media/find-image-uses";
import { IMAGES_PER_PAGE, listImages } from "@/lib/media/list-images";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createUser } from "../helpers/factories";
import { pngImage } from "../helpers/images";

const prisma = testDb();
beforeEach(resetDatabase);

const SITE_URL = "https://news.example.com";

async function setup() {
  const publication = await createPublication(prisma, { siteUrl: SITE_URL });
  const user = await createUser(prisma, { role: "editor", email: "editor@example.com", name: "Eda" });
  const editor: Actor = { id: user.id, role: "editor", email: user.email, name: user.name };
  return { publication, editor };
}

async function upload(editor: Actor, width: number): Promise<{ id: string; url: string; name: string }> {
  const result = await commands.uploadImage(prisma, editor, { file: new File([pngImage(width, 10)], `w${width}.png`, { type: "image/png" }) });
  if (!result.ok) throw new Error(result.message);
  const name = result.url.split("/media/")[1]!;
  return { id: name.slice(0, 64), url: result.url, name };
}

const image = (src: string) => ({ type: "image", data: { src, alt: "A chart", caption: "", credit: "" } });
const intro = (text: string) => ({ type: "intro", data: { text } });
const serve = (name: string) => GET(new Request(`${SITE_URL}/media/${name}`), { params: Promise.resolve({ file: name }) });

async function draftWith(editor: Actor, blocks: unknown[]) {
  const created = await commands.createIssue(prisma, editor, { from: "blank" });
  if (!created.ok) throw new Error("no issue");
  const saved = await commands.saveIssue(prisma, editor, { issueId: created.issueId, expectedVersion: 1, title: `Issue ${created.number}`, preheader: "", blocks });
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  return { id: created.issueId, number: created.number, version: saved.version };
}

describe("where an uploaded image is used", () => {
  it("finds it in an issue's blocks, a saved block and a template, and in no revision", async () => {
    const { publication, editor } = await setup();
    const chart = await upload(editor, 40);
    const logo = await upload(editor, 20);
    const issue = await draftWith(editor, [intro("Hello"), image(chart.url)]);
    expect(await commands.saveBlockToLibrary(prisma, editor, { name: "Logo", block: image(logo.url) })).toMatchObject({ ok: true });
    expect(await commands.saveTemplate(prisma, editor, { name: "With chart", blocks: [image(chart.url)] })).toMatchObject({ ok: true });

    const uses = await findImageUses(prisma, publication.id);
    expect(uses.get(chart.id)).toEqual([
      { kind: "issue", id: issue.id, number: issue.number, title: `Issue ${issue.number}`, status: "draft" },
      { kind: "template", id: expect.any(String), name: "With chart" },
    ]);
    expect(uses.get(logo.id)).toEqual([{ kind: "saved-block", id: expect.any(String), name: "Logo" }]);
    // Set as the publication's logo, it is used there too, and named first.
    await prisma.publication.update({ where: { id: publication.id }, data: { logoUrl: logo.url } });
    expect((await findImageUses(prisma, publication.id)).get(logo.id)).toEqual([
      { kind: "logo", id: publication.id, name: publication.name },
      { kind: "saved-block", id: expect.any(String), name: "Logo" },
    ]);
    expect(await commands.deleteImage(prisma, editor, { id: logo.id })).toMatchObject({ ok: false, reason: "in-use", message: "It is still shown in the logo in Settings, the saved block “Logo”. Take it out there first." });
    expect((await findImageUses(prisma, publication.id, logo.id)).get(logo.id)).toHaveLength(2);
    expect([...(await findImageUses(prisma, publication.id, logo.id)).keys()]).toEqual([logo.id]);

    // Taken out of the issue: its revision still holds the URL, and does not count.
    expect(await commands.saveIssue(prisma, editor, { issueId: issue.id, expectedVersion: issue.version, title: "Now without", preheader: "", blocks: [intro("Hello")] })).toMatchObject({ ok: true });
    expect((await findImageUses(prisma, publication.id)).get(chart.id)).toEqual([{ kind: "template", id: expect.any(String), name: "With chart" }]);
  });
});

describe("deleting an uploaded image", () => {
  it("is refused while anything shows it, naming each place, then deletes it for good: its URL answers 404", async () => {
    const { editor } = await setup();
    const chart = await upload(editor, 40);
    const issue = await draftWith(editor, [image(chart.url)]);
    const saved = await commands.saveBlockToLibrary(prisma, editor, { name: "Chart", block: image(chart.url) });
    if (!saved.ok) throw new Error("not saved");
    expect((await serve(chart.name)).status).toBe(200);

    const refused = await commands.deleteImage(prisma, editor, { id: chart.id });
    expect(refused).toMatchObject({ ok: false, reason: "in-use", message: `It is still shown in issue #${issue.number} “Issue ${issue.number}” (draft), the saved block “Chart”. Take it out there first.` });
    expect(await prisma.mediaFile.count()).toBe(1);

    await commands.saveIssue(prisma, editor, { issueId: issue.id, expectedVersion: issue.version, title: "Plain", preheader: "", blocks: [intro("No pictures")] });
    expect(await commands.deleteImage(prisma, editor, { id: chart.id })).toMatchObject({ ok: false, reason: "in-use", message: "It is still shown in the saved block “Chart”. Take it out there first." });
    await commands.deleteFromLibrary(prisma, editor, { id: saved.id });

    expect(await commands.deleteImage(prisma, editor, { id: chart.id })).toEqual({ ok: true });
    expect(await prisma.mediaFile.count()).toBe(0);
    expect((await serve(chart.name)).status).toBe(404);
    expect(await commands.deleteImage(prisma, editor, { id: chart.id })).toMatchObject({ ok: false, reason: "not-found" });
  });

  it("counts edits kept because they failed the checks as a use: the draft they belong to is named, and the image stays", async () => {
    const { editor } = await setup();
    const chart = await upload(editor, 40);
    const issue = await draftWith(editor, [intro("No pictures yet")]);
    // The chart goes in with a caption over its limit: the composer's save keeps the edits beside the issue.
    const kept = await commands.saveIssue(prisma, editor, {
      issueId: issue.id,
      expectedVersion: issue.version,
      title: `Issue ${issue.number}`,
      preheader: "",
      blocks: [{ type: "image", data: { src: chart.url, alt: "A chart", caption: "x".repeat(400), credit: "" } }],
      keepIfInvalid: true,
    });
    expect(kept).toMatchObject({ ok: false, reason: "invalid", kept: true });
    expect((await findImageUses(prisma, (await prisma.publication.findFirstOrThrow()).id)).get(chart.id)).toEqual([
      { kind: "issue", id: issue.id, number: issue.number, title: `Issue ${issue.number}`, status: "draft" },
    ]);
    expect(await commands.deleteImage(prisma, editor, { id: chart.id })).toMatchObject({ ok: false, reason: "in-use" });
    expect((await serve(chart.name)).status).toBe(200);
  });

  it("waits for a save under way, so an image a draft has just been given is not deleted under it", async () => {
    const { editor } = await setup();
    const chart = await upload(editor, 40);
    const issue = await draftWith(editor, [intro("Hello")]);
    let deleting: ReturnType<typeof commands.deleteImage> | undefined;
    await prisma.$transaction(async (tx) => {
      await tx.block.create({ data: { issueId: issue.id, position: 1, type: "image", data: image(chart.url).data } });
      // The delete starts while this save is still open (on server Postgres it runs on another connection).
      deleting = commands.deleteImage(prisma, editor, { id: chart.id });
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect(await deleting).toMatchObject({ ok: false, reason: "in-use" });
    expect(await prisma.mediaFile.count()).toBe(1);
  });

  it("says a sent issue's picture goes by a correction", async () => {
    const { editor } = await setup();
    const chart = await upload(editor, 40);
    const issue = await draftWith(editor, [image(chart.url)]);
    await prisma.issue.update({ where: { id: issue.id }, data: { status: "sent", sentAt: new Date() } });
    const refused = await commands.deleteImage(prisma, editor, { id: chart.id });
    expect(refused).toMatchObject({ ok: false, reason: "in-use" });
    expect(refused.ok ? "" : refused.message).toBe(`It is still shown in issue #${issue.number} “Issue ${issue.number}” (sent). Take it out there first (a sent issue's web version, by a correction).`);
  });

  it("refuses an id that is no upload's, and one of another publication, changing nothing", async () => {
    const { editor } = await setup();
    const chart = await upload(editor, 40);
    for (const id of ["", "../etc/passwd", chart.id.toUpperCase(), `${chart.id}0`, 42, null]) {
      expect(await commands.deleteImage(prisma, editor, { id }), String(id)).toMatchObject({ ok: false, reason: "invalid", message: "The image is not an uploaded image's id." });
    }
    const other = await createPublication(prisma, { siteUrl: "https://other.example.com" });
    await prisma.mediaFile.create({ data: { id: "b".repeat(64), publicationId: other.id, fileName: "x.png", contentType: "image/png", extension: "png", byteSize: 1, width: 1, height: 1, data: pngImage(1, 1) } });
    expect(await commands.deleteImage(prisma, editor, { id: "b".repeat(64) })).toMatchObject({ ok: false, reason: "not-found" });
    expect(await prisma.mediaFile.count()).toBe(2);
  });
});

describe("listing uploaded images", () => {
  it("pages through them newest first, each once, and filters those used nowhere", async () => {
    const { publication, editor } = await setup();
    const uploads = [];
    for (let width = 1; width <= IMAGES_PER_PAGE + 6; width++) uploads.push(await upload(editor, width));
    // Same upload time for several: the id breaks the tie, and no image is skipped or shown twice.
    await prisma.mediaFile.updateMany({ where: { id: { in: uploads.slice(0, 10).map((file) => file.id) } }, data: { createdAt: new Date("2026-11-01T12:00:00Z") } });
    await draftWith(editor, [image(uploads[0]!.url), image(uploads[29]!.url)]);

    const first = await listImages(prisma, { publication, filter: "all" });
    expect(first).toMatchObject({ total: 30, unused: 28 });
    expect(first.images).toHaveLength(IMAGES_PER_PAGE);
    expect(first.images[0]).toMatchObject({ id: uploads[29]!.id, url: uploads[29]!.url, fileName: "w30.png", width: 30, height: 10, contentType: "image/png", uploadedBy: "Eda", uses: [{ kind: "issue" }] });
    const second = await listImages(prisma, { publication, filter: "all", after: first.next! });
    expect(second.next).toBeNull();
    const seen = [...first.images, ...second.images].map((file) => file.id);
    expect(new Set(seen).size).toBe(30);
    expect(seen.toSorted()).toEqual(uploads.map((file) => file.id).toSorted());

    const unused = await listImages(prisma, { publication, filter: "unused" });
    expect(unused.images.map((file) => file.id)).not.toContain(uploads[0]!.id);
    expect(unused.images.every((file) => file.uses.length === 0)).toBe(true);
    const rest = await listImages(prisma, { publication, filter: "unused", after: unused.next! });
    expect(unused.images.length + rest.images.length).toBe(28);

    // A cursor that is not one of ours starts from the top.
    expect((await listImages(prisma, { publication, filter: "all", after: "'; DROP TABLE x" })).images[0]!.id).toBe(uploads[29]!.id);
  });
});
