import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { commands } from "@/lib/commands";
import { EXPIRED_BY_AGE, EXPIRED_BY_ERASURE, forgetImportFiles, IMPORT_FILE_HOURS, STOPPED_BY_ERASURE } from "@/lib/audience/import/forget-import-files";
import { getImportJob } from "@/lib/audience/import/import-jobs";
import { runQueuedImport } from "@/lib/audience/import/run-import";
import type { ImportStatus } from "@/lib/db/generated/enums";
import { pruneExpired } from "@/lib/maintenance/prune-expired";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createUser } from "../helpers/factories";
import { holdingImportProgress } from "../helpers/worker-probes";

const prisma = testDb();
beforeEach(resetDatabase);

const links = { appUrl: "https://news.example.com", secret: "import-test-secret-0123456789abcdef" };
const utf8 = (text: string) => new TextEncoder().encode(text);
const hours = (n: number) => n * 3_600_000;

/** A job in the given state with a small file, straight into the table. */
async function job(publicationId: string, status: ImportStatus) {
  const file = utf8("email\nada@mail.example.com\n");
  return prisma.importJob.create({
    data: { publicationId, status, fileName: `${status}.csv`, file, fileSize: file.length, encoding: "utf-8", delimiter: ",", headers: ["email"], mapping: { email: 0, name: null, tags: null, createdAt: null } },
  });
}

const stored = (id: string) => prisma.importJob.findUniqueOrThrow({ where: { id }, select: { status: true, failure: true, file: true } });

describe("import files that wait", () => {
  it(`pruning deletes the file of an import uploaded or previewed over ${IMPORT_FILE_HOURS} hours ago and not started, and marks it expired`, async () => {
    const publication = await createPublication(prisma);
    const jobs = Object.fromEntries(await Promise.all((["pending", "previewed", "queued", "running", "done"] as const).map(async (status) => [status, await job(publication.id, status)])));
    const recent = await job(publication.id, "pending");

    // A day less a minute later: nothing is due.
    expect((await pruneExpired(prisma, new Date(Date.now() + hours(IMPORT_FILE_HOURS) - 60_000))).importFiles).toBe(0);
    // A day and a minute after the upload, as the worker's next prune sees it.
    const later = new Date(Date.now() + hours(IMPORT_FILE_HOURS) + 60_000);
    await prisma.importJob.update({ where: { id: recent.id }, data: { updatedAt: later } });
    expect((await pruneExpired(prisma, later)).importFiles).toBe(2);
    for (const status of ["pending", "previewed"]) expect(await stored(jobs[status]!.id)).toEqual({ status: "expired", failure: EXPIRED_BY_AGE, file: null });
    // Started imports keep their file until they end; one touched (previewed) since keeps it too.
    for (const status of ["queued", "running", "done"]) expect((await stored(jobs[status]!.id)).file).not.toBeNull();
    expect(await stored(recent.id)).toMatchObject({ status: "pending", failure: null, file: expect.any(Uint8Array) });
    expect((await pruneExpired(prisma, later)).importFiles).toBe(0);
  });

  it("an expired import says to upload the file again when previewed or started", async () => {
    const publication = await createPublication(prisma);
    const editor: Actor = await createUser(prisma, { role: "editor" });
    const [pending, previewed] = [await job(publication.id, "pending"), await job(publication.id, "previewed")];
    await pruneExpired(prisma, new Date(Date.now() + hours(IMPORT_FILE_HOURS + 1)));
    const refused = { ok: false, reason: "wrong-state", message: EXPIRED_BY_AGE };
    expect(await commands.previewImport(prisma, editor, { id: pending.id, mapping: { email: 0 } })).toEqual(refused);
    expect(await commands.startImport(prisma, editor, { id: previewed.id, consent: true })).toEqual(refused);
    expect(await getImportJob(prisma, previewed.id)).toMatchObject({ status: "expired", failure: EXPIRED_BY_AGE });
  });
});

describe("import files and erasure", () => {
  it("forgetting a publication's import files deletes the file of every import not ended, and only that publication's", async () => {
    const publication = await createPublication(prisma);
    const other = await createPublication(prisma);
    const jobs = Object.fromEntries(await Promise.all((["pending", "previewed", "queued", "running", "done", "failed"] as const).map(async (status) => [status, await job(publication.id, status)])));
    const elsewhere = await job(other.id, "pending");

    expect(await prisma.$transaction((tx) => forgetImportFiles(tx, publication.id))).toBe(4);
    // Not started: expired, with the reason; running: the file goes, and the import stops at its next chunk (below).
    for (const status of ["pending", "previewed", "queued"]) expect(await stored(jobs[status]!.id)).toEqual({ status: "expired", failure: EXPIRED_BY_ERASURE, file: null });
    expect(await stored(jobs.running!.id)).toEqual({ status: "running", failure: null, file: null });
    for (const status of ["done", "failed"]) expect((await stored(jobs[status]!.id)).status).toBe(status);
    expect((await stored(elsewhere.id)).file).not.toBeNull();
    // A queued import whose file went is never run.
    expect(await runQueuedImport(prisma, links)).toBe(false);
  });

  it("erasing a subscriber deletes the files of the publication's imports not yet ended", async () => {
    const publication = await createPublication(prisma);
    const owner = await createUser(prisma, { role: "owner" });
    const actor: Actor = { id: owner.id, role: "owner", email: owner.email, name: null };
    const previewed = await job(publication.id, "previewed");
    const ada = await prisma.subscriber.create({ data: { publicationId: publication.id, email: "ada@mail.example.com", status: "active" } });
    expect(await commands.eraseSubscriber(prisma, actor, { id: ada.id })).toBe(true);
    // The file held Ada's address; started now, the import would have added her back.
    expect(await stored(previewed.id)).toEqual({ status: "expired", failure: EXPIRED_BY_ERASURE, file: null });
    expect(await prisma.subscriber.count({ where: { email: "ada@mail.example.com" } })).toBe(0);
  });

  it("a running import whose file is forgotten stops at its next chunk, with the reason, and imports no more", async () => {
    const publication = await createPublication(prisma, { name: "Grid Notes" });
    const editor: Actor = await createUser(prisma, { role: "editor" });
    const rows = Array.from({ length: 1_500 }, (_, i) => `r${i}@mail.example.com`);
    const uploaded = await commands.uploadImport(prisma, editor, { file: new File([utf8(["email", ...rows].join("\n")) as BlobPart], "list.csv") });
    if (!uploaded.ok) throw new Error(uploaded.message);
    expect(await commands.previewImport(prisma, editor, { id: uploaded.id, mapping: { email: 0 } })).toEqual({ ok: true });
    expect(await commands.startImport(prisma, editor, { id: uploaded.id, consent: true })).toEqual({ ok: true });

    // The first chunk is written and its progress write held; meanwhile a subscriber is erased.
    const { database, held, release } = holdingImportProgress(prisma, uploaded.id);
    const running = runQueuedImport(database, links);
    await held;
    await prisma.$transaction((tx) => forgetImportFiles(tx, publication.id));
    release();
    expect(await running).toBe(true);

    expect(await getImportJob(prisma, uploaded.id)).toMatchObject({ status: "failed", failure: STOPPED_BY_ERASURE, processedRows: 1_000, imported: 1_000 });
    expect(await prisma.subscriber.count()).toBe(1_000);
  });
});
