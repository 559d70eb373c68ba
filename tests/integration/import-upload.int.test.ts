/**
 * The CSV upload's route (POST /editor/subscribers/import/upload) as lib/audience/import/receive-upload.ts
 * handles it: real requests, real database. The route itself, with a real session, is in tests/e2e.
 */
import { beforeEach, describe, expect, inject, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { MAX_IMPORT_BYTES } from "@/lib/audience/import/read-csv";
import { MAX_UPLOAD_BODY_BYTES, receiveImportUpload } from "@/lib/audience/import/receive-upload";
import { createPrismaClient } from "@/lib/db/client";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createUser } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

const APP_URL = "https://news.example.com";
const SAME_ORIGIN = { origin: APP_URL, host: "news.example.com", "sec-fetch-site": "same-origin" };
const CSV = "email,name,tags\nada@mail.example.com,Ada,ai\n";

function form(file: Blob | string | null, name = "list.csv"): FormData {
  const data = new FormData();
  if (typeof file === "string") data.set("file", file);
  else if (file) data.set("file", file, name);
  return data;
}

const post = (body: BodyInit, headers: Record<string, string> = SAME_ORIGIN) => new Request(`${APP_URL}/editor/subscribers/import/upload`, { method: "POST", headers, body });

/** A multipart body of `size` bytes sent in 64 KB pieces, saying how much of it was read. */
function streamedUpload(size: number, declareLength: boolean) {
  const boundary = "----weekly-test-boundary";
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= size) return controller.close();
        const piece = sent === 0 ? new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\nemail\n`) : chunk;
        sent += piece.byteLength;
        controller.enqueue(piece);
      },
    },
    { highWaterMark: 0 },
  );
  const headers: Record<string, string> = { ...SAME_ORIGIN, "content-type": `multipart/form-data; boundary=${boundary}` };
  if (declareLength) headers["content-length"] = String(size);
  return { request: new Request(`${APP_URL}/editor/subscribers/import/upload`, { method: "POST", headers, body, duplex: "half" } as RequestInit), read: () => sent };
}

async function members() {
  await createPublication(prisma, { name: "Grid Notes" });
  const role = (role: Actor["role"]) => createUser(prisma, { role });
  return { owner: await role("owner"), editor: await role("editor"), author: await role("author"), viewer: await role("viewer") };
}

describe("the CSV upload route", () => {
  it("stores a good upload from an editor or owner as an import job waiting for its mapping, and says where it is", async () => {
    const { editor, owner } = await members();
    const answer = await receiveImportUpload(prisma, post(form(new Blob([CSV], { type: "text/csv" }), "readers.csv")), { actor: editor, appUrl: APP_URL });
    expect(answer).toEqual({ status: 201, id: expect.any(String) });
    const job = await prisma.importJob.findUniqueOrThrow({ where: { id: (answer as { id: string }).id } });
    expect(job).toMatchObject({ status: "pending", fileName: "readers.csv", createdById: editor.id, fileSize: CSV.length, delimiter: ",", headers: ["email", "name", "tags"] });
    expect(Buffer.from(job.file!).toString("utf8")).toBe(CSV);
    // Behind a proxy: the Host is the app's inner address, the Origin APP_URL.
    const proxied = post(form(new Blob([CSV]), "again.csv"), { origin: APP_URL, host: "10.0.0.5:3000" });
    expect(await receiveImportUpload(prisma, proxied, { actor: owner, appUrl: APP_URL })).toMatchObject({ status: 201 });
    expect(await prisma.importJob.count()).toBe(2);
  });

  it("stores an 11 MB file while another connection queries the database (as the send worker does beside the app)", async () => {
    const { editor } = await members();
    // Another process's client: on the embedded database its queries used to run between the INSERT's messages.
    const worker = createPrismaClient(inject("databaseUrl"), { poolSize: 1 });
    let stop = false;
    let polls = 0;
    const polling = (async () => {
      while (!stop) {
        await worker.issue.findMany({ where: { status: "sending" }, select: { id: true } });
        polls += 1;
      }
    })();
    try {
      const bytes = new Uint8Array(11 * 2 ** 20 + 6).fill(0x61);
      bytes.set(new TextEncoder().encode("email\n"));
      const answer = await receiveImportUpload(prisma, post(form(new Blob([bytes]), "eleven-mb.csv")), { actor: editor, appUrl: APP_URL });
      expect(answer).toMatchObject({ status: 201 });
      const job = await prisma.importJob.findUniqueOrThrow({ where: { id: (answer as { id: string }).id }, select: { fileSize: true, file: true } });
      expect(job.fileSize).toBe(bytes.length);
      expect(Buffer.from(job.file!).equals(Buffer.from(bytes))).toBe(true);
    } finally {
      stop = true;
      await polling;
      await worker.$disconnect();
    }
    expect(polls).toBeGreaterThan(0);
  });

  it("refuses a post from another site (403) before anything else, whoever is signed in", async () => {
    const { owner } = await members();
    const file = () => form(new Blob([CSV]));
    const crossSite: Record<string, string>[] = [
      { origin: "https://evil.example", host: "news.example.com", "sec-fetch-site": "cross-site" },
      { origin: "https://evil.example", host: "news.example.com" },
      { origin: "https://blog.example.com", host: "news.example.com", "sec-fetch-site": "same-site" },
      { origin: "null", host: "news.example.com" },
      { host: "news.example.com" },
    ];
    for (const headers of crossSite) {
      expect(await receiveImportUpload(prisma, post(file(), headers), { actor: owner, appUrl: APP_URL }), JSON.stringify(headers)).toMatchObject({ status: 403, reason: "cross-site" });
    }
    expect(await receiveImportUpload(prisma, post(file(), { origin: "https://evil.example", host: "news.example.com" }), { actor: null, appUrl: APP_URL })).toMatchObject({ status: 403, reason: "cross-site" });
    expect(await prisma.importJob.count()).toBe(0);
  });

  it("refuses a caller who is not signed in (401) and a role that may not manage subscribers (403), without reading the file", async () => {
    const { author, viewer } = await members();
    const signedOut = streamedUpload(1024 * 1024, true);
    expect(await receiveImportUpload(prisma, signedOut.request, { actor: null, appUrl: APP_URL })).toMatchObject({ status: 401, reason: "signed-out" });
    expect(signedOut.read()).toBe(0);
    for (const actor of [author, viewer]) {
      const upload = streamedUpload(1024 * 1024, true);
      expect(await receiveImportUpload(prisma, upload.request, { actor, appUrl: APP_URL })).toMatchObject({ status: 403, reason: "forbidden", message: `A ${actor.role} may not import subscribers.` });
      expect(upload.read()).toBe(0);
    }
    expect(await prisma.importJob.count()).toBe(0);
  });

  it("refuses a body over the limit (413): a declared one before reading it, a chunked one as soon as it passes the limit", async () => {
    const { editor } = await members();
    const declared = streamedUpload(MAX_UPLOAD_BODY_BYTES + 1, true);
    expect(await receiveImportUpload(prisma, declared.request, { actor: editor, appUrl: APP_URL })).toEqual({
      status: 413,
      reason: "too-large",
      message: "The file is larger than 20 MB, the limit. Split it into smaller files.",
    });
    expect(declared.read()).toBe(0);
    const chunked = streamedUpload(40 * 1024 * 1024, false);
    expect(await receiveImportUpload(prisma, chunked.request, { actor: editor, appUrl: APP_URL })).toMatchObject({ status: 413, reason: "too-large" });
    // Read up to the limit and one piece more, not the 40 MB sent.
    expect(chunked.read()).toBeGreaterThan(MAX_UPLOAD_BODY_BYTES);
    expect(chunked.read()).toBeLessThanOrEqual(MAX_UPLOAD_BODY_BYTES + 64 * 1024);
    // A file just over 20 MB fits the body's allowance for the form's framing; the file itself is refused.
    const justOver = new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x61);
    justOver.set(new TextEncoder().encode("email\n"));
    expect(await receiveImportUpload(prisma, post(form(new Blob([justOver]))), { actor: editor, appUrl: APP_URL })).toEqual({
      status: 413,
      reason: "too-large",
      message: "The file is 20.0 MB; the limit is 20 MB. Split it into smaller files.",
    });
    expect(await prisma.importJob.count()).toBe(0);
  });

  it("refuses a post without a file, with a text field instead, a binary or empty file, or not sent as a form, each with its reason", async () => {
    const { editor } = await members();
    const receive = (request: Request) => receiveImportUpload(prisma, request, { actor: editor, appUrl: APP_URL });
    expect(await receive(post(form(null)))).toEqual({ status: 400, reason: "invalid", message: "Choose a CSV file to upload." });
    expect(await receive(post(form("email\nada@mail.example.com\n")))).toEqual({ status: 400, reason: "invalid", message: "Choose a CSV file to upload." });
    const xlsx = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
    expect(await receive(post(form(new Blob([xlsx]), "list.xlsx")))).toMatchObject({ status: 400, reason: "invalid", message: expect.stringContaining("not a CSV file") });
    expect(await receive(post(form(new Blob([]))))).toMatchObject({ status: 400, reason: "invalid", message: expect.stringContaining("empty") });
    expect(await receive(post(CSV, { ...SAME_ORIGIN, "content-type": "text/csv" }))).toMatchObject({ status: 415, reason: "invalid", message: expect.stringContaining("multipart/form-data") });
    const broken = post("--nope\r\nnot a form", { ...SAME_ORIGIN, "content-type": "multipart/form-data; boundary=elsewhere" });
    expect(await receive(broken)).toMatchObject({ status: 400, reason: "invalid", message: expect.stringContaining("could not be read") });
    expect(await prisma.importJob.count()).toBe(0);
  });
});
