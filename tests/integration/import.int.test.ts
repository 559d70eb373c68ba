import { beforeEach, describe, expect, it } from "vitest";
import { verifySubscriberToken } from "@/lib/auth/subscriber-token";
import type { Actor } from "@/lib/auth/permissions";
import { commands } from "@/lib/commands";
import { getImportJob } from "@/lib/audience/import/import-jobs";
import { runQueuedImport } from "@/lib/audience/import/run-import";
import { scheduleIssue } from "@/lib/delivery/schedule-issue";
import { startSend } from "@/lib/delivery/start-send";
import { createOutboxTransport } from "@/lib/delivery/transports/outbox";
import { createWorker } from "@/lib/delivery/worker";
import { requestSubscription } from "@/lib/subscribers/request-subscription";
import { resetDatabase, testDb } from "../helpers/db";
import { waitUntil } from "../helpers/wait-until";
import { countingIdleLooks, holdingImportProgress } from "../helpers/worker-probes";
import { createPublication, createSendableIssue, createSubscriber, createUser } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

const secret = "import-test-secret-0123456789abcdef";
const appUrl = "https://news.example.com";
const links = { appUrl, secret };

async function setup() {
  const publication = await createPublication(prisma, { name: "Grid Notes" });
  const editor: Actor = await createUser(prisma, { role: "editor" });
  return { publication, editor };
}

const utf8 = (text: string) => new TextEncoder().encode(text);
/** Windows-1252 bytes for the characters these tests use. */
function cp1252(text: string): Uint8Array {
  const special: Record<string, number> = { "€": 0x80, "’": 0x92, "“": 0x93, "”": 0x94 };
  return Uint8Array.from([...text].map((char) => special[char] ?? (char.charCodeAt(0) < 256 ? char.charCodeAt(0) : 0x3f)));
}
const file = (bytes: Uint8Array, name = "list.csv") => new File([bytes as BlobPart], name, { type: "text/csv" });

async function upload(actor: Actor, bytes: Uint8Array) {
  const result = await commands.uploadImport(prisma, actor, { file: file(bytes) });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

/** Upload, preview with the guessed mapping (or the given one), and return the job as its page shows it. */
async function preview(actor: Actor, bytes: Uint8Array, mapping?: Record<string, number | null>) {
  const id = await upload(actor, bytes);
  const job = (await getImportJob(prisma, id))!;
  const previewed = await commands.previewImport(prisma, actor, { id, mapping: mapping ?? job.mapping });
  expect(previewed).toEqual({ ok: true });
  return (await getImportJob(prisma, id))!;
}

/** Preview, start, and let a worker run it. */
async function importCsv(actor: Actor, bytes: Uint8Array, { consent }: { consent: boolean }) {
  const job = await preview(actor, bytes);
  expect(await commands.startImport(prisma, actor, { id: job.id, consent })).toEqual({ ok: true });
  expect(await runQueuedImport(prisma, links)).toBe(true);
  return (await getImportJob(prisma, job.id))!;
}

const subscriber = (email: string) => prisma.subscriber.findFirstOrThrow({ where: { email: { equals: email, mode: "insensitive" } }, include: { tags: { include: { tag: true } } } });
const mailTo = (address: string) => prisma.outboxMessage.findMany({ where: { toAddress: address } });

describe("CSV import: encodings and delimiters", () => {
  it("reads UTF-8 with a byte-order mark, commas, and quoted fields holding commas, quotes and line breaks", async () => {
    const { editor } = await setup();
    const csv = '\uFEFFEmail,Name,Tags,Created\r\nzoe@mail.example.com,"Zoë Ångström, PhD",news,2024-03-01\r\n"ada@mail.example.com","Ada ""the first""\nLovelace",,\r\n';
    const job = await importCsv(editor, utf8(csv), { consent: true });
    expect(job).toMatchObject({ status: "done", encoding: "utf-8", delimiter: ",", headers: ["Email", "Name", "Tags", "Created"], totalRows: 2, validRows: 2, invalidRows: 0, imported: 2 });
    expect(job.mapping).toEqual({ email: 0, name: 1, tags: 2, createdAt: 3, status: null });
    expect(await subscriber("zoe@mail.example.com")).toMatchObject({ name: "Zoë Ångström, PhD", status: "active", source: "import", createdAt: new Date("2024-03-01T00:00:00Z") });
    expect((await subscriber("ada@mail.example.com")).name).toBe('Ada "the first" Lovelace');
    // The file is wiped once the import ends.
    expect((await prisma.importJob.findUniqueOrThrow({ where: { id: job.id } })).file).toBeNull();
  });

  it("reads Windows-1252 (Latin-1) with semicolons", async () => {
    const { editor } = await setup();
    const job = await importCsv(editor, cp1252("e-mail;name\nrene@mail.example.com;René Müller\nchloe@mail.example.com;Chloë “€” O’Hara\n"), { consent: true });
    expect(job).toMatchObject({ status: "done", encoding: "windows-1252", delimiter: ";", imported: 2 });
    expect((await subscriber("rene@mail.example.com")).name).toBe("René Müller");
    expect((await subscriber("chloe@mail.example.com")).name).toBe("Chloë “€” O’Hara");
  });

  it("reads tab-separated files, whose fields may hold commas and semicolons", async () => {
    const { editor } = await setup();
    const job = await importCsv(editor, utf8("name\temail\ttags\nSmith, Jo; Jr\tjo@mail.example.com\tA;B\n"), { consent: true });
    expect(job).toMatchObject({ delimiter: "\t", imported: 1 });
    expect(job.mapping).toEqual({ email: 1, name: 0, tags: 2, createdAt: null, status: null });
    const jo = await subscriber("jo@mail.example.com");
    expect(jo.name).toBe("Smith, Jo; Jr");
    expect(jo.tags.map((link) => link.tag.name).sort()).toEqual(["A", "B"]);
  });
});

describe("CSV import: the dry run and bad rows", () => {
  it("counts valid, invalid (with row number and reason), duplicate, unsubscribed and suppressed rows, and writes nothing", async () => {
    const { publication, editor } = await setup();
    await createSubscriber(prisma, { publicationId: publication.id, email: "left@mail.example.com", status: "unsubscribed" });
    await createSubscriber(prisma, { publicationId: publication.id, email: "bounced@mail.example.com", status: "bounced" });
    await createSubscriber(prisma, { publicationId: publication.id, email: "spam@mail.example.com", status: "complained" });
    const csv = [
      "email,name,created",
      "good@mail.example.com,Good,2024-01-02", // row 2
      "not-an-address,Bad,", // row 3
      ",No address,", // row 4
      "GOOD@mail.example.com,Again,", // row 5: duplicate of row 2, whatever the case
      "date@mail.example.com,Date,yesterday", // row 6
      "wide@mail.example.com,Wide,,extra", // row 7
      'quote@mail.example.com,"Stray"quote,', // row 8
      "LEFT@mail.example.com,,", // row 9
      "bounced@mail.example.com,,", // row 10
      "spam@mail.example.com,,", // row 11
      ",,", // blank: left out
      "last@mail.example.com,Last,", // row 13
    ].join("\n");
    const before = await prisma.subscriber.count();
    const job = await preview(editor, utf8(csv));
    expect(job).toMatchObject({ status: "previewed", totalRows: 11, validRows: 5, invalidRows: 5, duplicateRows: 1, unsubscribedRows: 1, suppressedRows: 2 });
    expect(job.errors).toEqual([
      { row: 3, reason: '"not-an-address" is not an email address' },
      { row: 4, reason: "no email address" },
      { row: 6, reason: 'the created date "yesterday" is not a date like 2024-03-01' },
      { row: 7, reason: "has 4 fields but the header has 3 (an unquoted delimiter inside a field?)" },
      { row: 8, reason: 'a quoted field has text after its closing quote (a quote inside a field must be doubled: "")' },
    ]);
    expect(await prisma.subscriber.count()).toBe(before);
  });
});

describe("CSV import: reading on after a bad row", () => {
  it("keeps the rows after an unclosed quote and imports the good rows of a file with bad ones", async () => {
    const { editor } = await setup();
    const job = await importCsv(editor, utf8('email,name\none@mail.example.com,One\ntwo@mail.example.com,"Two\nthree@mail.example.com,Three\nbad-address,Four\n'), { consent: true });
    expect(job).toMatchObject({ status: "done", totalRows: 4, validRows: 2, invalidRows: 2, imported: 2 });
    expect(job.errors).toEqual([
      { row: 3, reason: "a quote opens in this row and is never closed" },
      { row: 5, reason: '"bad-address" is not an email address' },
    ]);
    expect((await prisma.subscriber.findMany({ orderBy: { email: "asc" } })).map((row) => row.email)).toEqual(["one@mail.example.com", "three@mail.example.com"]);
  });
});

describe("CSV import: consent", () => {
  it("with consent, rows are active at once and nobody is mailed", async () => {
    const { editor } = await setup();
    const job = await importCsv(editor, utf8("email\nyes@mail.example.com\n"), { consent: true });
    expect(job).toMatchObject({ consent: true, imported: 1, confirmationsSent: 0 });
    expect((await subscriber("yes@mail.example.com")).status).toBe("active");
    expect(await prisma.outboxMessage.count()).toBe(0);
  });

  it("without consent, rows are pending and each gets the double opt-in email, at most once per address per 10 minutes", async () => {
    const { editor } = await setup();
    const job = await importCsv(editor, utf8("email,name\nmaybe@mail.example.com,Maybe\nperhaps@mail.example.com,\n"), { consent: false });
    expect(job).toMatchObject({ consent: false, imported: 2, confirmationsSent: 2 });
    const maybe = await subscriber("maybe@mail.example.com");
    expect(maybe).toMatchObject({ status: "pending", source: "import" });
    // One rendering serves the whole group: each email still carries its own address's signed link, in the text and the HTML.
    for (const address of ["maybe@mail.example.com", "perhaps@mail.example.com"]) {
      const [mail] = await mailTo(address);
      expect(mail!.subject).toBe("Confirm your subscription to Grid Notes");
      const link = mail!.text.match(/https:\/\/news\.example\.com\/confirm\?token=[^\s\]]+/)![0];
      expect(mail!.html).toContain(`href="${link}"`);
      const token = new URL(link).searchParams.get("token")!;
      expect(verifySubscriberToken(token, { purpose: "confirm", secret })).toMatchObject({ ok: true, subscriberId: (await subscriber(address)).id, deliveryId: null, name: null });
    }
    // The same file again: the addresses are still pending, and the 10-minute window holds their second email back.
    const again = await importCsv(editor, utf8("email,name\nmaybe@mail.example.com,Maybe\nperhaps@mail.example.com,\n"), { consent: false });
    expect(again).toMatchObject({ imported: 0, updated: 2, confirmationsSent: 0 });
    expect(await mailTo("maybe@mail.example.com")).toHaveLength(1);
  });

  it("shares the 10-minute window with the subscribe form: an address that just asked for a confirmation is not mailed again by an import", async () => {
    const { editor } = await setup();
    const asked = await requestSubscription(prisma, { email: "asked@mail.example.com" }, { ip: "192.0.2.7", appUrl, secret });
    if (asked.outcome === "accepted") await asked.followUp?.();
    expect(await mailTo("asked@mail.example.com")).toHaveLength(1);
    const job = await importCsv(editor, utf8("email\nasked@mail.example.com\nfresh@mail.example.com\n"), { consent: false });
    expect(job).toMatchObject({ imported: 1, updated: 1, confirmationsSent: 1 });
    expect(await mailTo("asked@mail.example.com")).toHaveLength(1);
    expect(await mailTo("fresh@mail.example.com")).toHaveLength(1);
  });

  it("never reactivates unsubscribed, bounced or complained addresses, nor mails them, even with consent", async () => {
    const { publication, editor } = await setup();
    for (const status of ["unsubscribed", "bounced", "complained"] as const) await createSubscriber(prisma, { publicationId: publication.id, email: `${status}@mail.example.com`, status, name: null });
    const csv = utf8("email,name\nunsubscribed@mail.example.com,U\nBOUNCED@mail.example.com,B\ncomplained@mail.example.com,C\n");
    const without = await importCsv(editor, csv, { consent: false });
    expect(without).toMatchObject({ validRows: 3, unsubscribedRows: 1, suppressedRows: 2, skipped: 3, imported: 0, updated: 0, confirmationsSent: 0 });
    for (const status of ["unsubscribed", "bounced", "complained"]) expect(await subscriber(`${status}@mail.example.com`)).toMatchObject({ status, name: null });
    expect(await prisma.outboxMessage.count()).toBe(0);

    const withConsent = await importCsv(editor, csv, { consent: true });
    expect(withConsent).toMatchObject({ validRows: 3, unsubscribedRows: 1, suppressedRows: 2, skipped: 3, imported: 0, updated: 0 });
    for (const status of ["unsubscribed", "bounced", "complained"]) expect(await subscriber(`${status}@mail.example.com`)).toMatchObject({ status, name: null });
    expect(await prisma.outboxMessage.count()).toBe(0);
  });

  it("with consent, a pending address becomes active and an active one stays so", async () => {
    const { publication, editor } = await setup();
    await createSubscriber(prisma, { publicationId: publication.id, email: "waiting@mail.example.com", status: "pending", name: null });
    await createSubscriber(prisma, { publicationId: publication.id, email: "reading@mail.example.com", status: "active", name: "Reader" });
    const job = await importCsv(editor, utf8("email\nwaiting@mail.example.com\nreading@mail.example.com\n"), { consent: true });
    expect(job).toMatchObject({ skipped: 0, updated: 2, imported: 0, confirmationsSent: 0 });
    expect(await subscriber("waiting@mail.example.com")).toMatchObject({ status: "active" });
    expect(await subscriber("reading@mail.example.com")).toMatchObject({ status: "active", name: "Reader" });
  });

  it("fills an existing subscriber's empty name but never overwrites one, and leaves active subscribers active without mail", async () => {
    const { publication, editor } = await setup();
    await createSubscriber(prisma, { publicationId: publication.id, email: "named@mail.example.com", name: "Kept", status: "active" });
    await createSubscriber(prisma, { publicationId: publication.id, email: "nameless@mail.example.com", name: null, status: "active" });
    const job = await importCsv(editor, utf8("email,name\nnamed@mail.example.com,Replaced\nnameless@mail.example.com,Filled\n"), { consent: false });
    expect(job).toMatchObject({ imported: 0, updated: 2, confirmationsSent: 0 });
    expect(await subscriber("named@mail.example.com")).toMatchObject({ name: "Kept", status: "active" });
    expect(await subscriber("nameless@mail.example.com")).toMatchObject({ name: "Filled", status: "active" });
  });
});

describe("CSV import: tags", () => {
  it("creates missing tags once by slug, reuses existing ones, and links every row to its tags (split on ; or |)", async () => {
    const { publication, editor } = await setup();
    const existing = await prisma.tag.create({ data: { publicationId: publication.id, name: "Machine Learning", slug: "machine-learning" } });
    await createSubscriber(prisma, { publicationId: publication.id, email: "old@mail.example.com", status: "active" });
    const job = await importCsv(editor, utf8("email,tags\na@mail.example.com,machine learning; Robots\nb@mail.example.com,robots|Weekly digest\nold@mail.example.com,Weekly Digest\n"), { consent: true });
    expect(job).toMatchObject({ imported: 2, updated: 1 });
    const tags = await prisma.tag.findMany({ orderBy: { slug: "asc" } });
    expect(tags.map((tag) => [tag.slug, tag.name])).toEqual([["machine-learning", "Machine Learning"], ["robots", "Robots"], ["weekly-digest", "Weekly digest"]]);
    expect((await subscriber("a@mail.example.com")).tags.map((link) => link.tagId).sort()).toEqual([existing.id, tags[1]!.id].sort());
    expect((await subscriber("b@mail.example.com")).tags.map((link) => link.tag.slug).sort()).toEqual(["robots", "weekly-digest"]);
    expect((await subscriber("old@mail.example.com")).tags.map((link) => link.tag.slug)).toEqual(["weekly-digest"]);
  });
});

describe("CSV import: files and states that are refused", () => {
  it("rejects an empty file, a binary one and one without a header, with a clear error, and stores nothing", async () => {
    const { editor } = await setup();
    expect(await commands.uploadImport(prisma, editor, { file: file(new Uint8Array()) })).toMatchObject({ ok: false, reason: "invalid", message: expect.stringContaining("empty") });
    const xlsx = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]);
    expect(await commands.uploadImport(prisma, editor, { file: file(xlsx, "list.xlsx") })).toMatchObject({ ok: false, reason: "invalid", message: expect.stringContaining("not a CSV file") });
    expect(await commands.uploadImport(prisma, editor, { file: file(utf8("\n\n\n")) })).toMatchObject({ ok: false, reason: "invalid", message: expect.stringContaining("no header row") });
    expect(await commands.uploadImport(prisma, editor, { file: "email\na@b.c" })).toMatchObject({ ok: false, reason: "invalid" });
    expect(await prisma.importJob.count()).toBe(0);
  });

  it("refuses a preview without an email column, a start before the preview, and a second start", async () => {
    const { editor } = await setup();
    const id = await upload(editor, utf8("name,city\nAda,London\n"));
    expect((await getImportJob(prisma, id))!.mapping.email).toBe(-1);
    expect(await commands.previewImport(prisma, editor, { id, mapping: { email: "", name: 0 } })).toEqual({ ok: false, reason: "invalid", message: "Choose the column that holds the email addresses." });
    expect(await commands.previewImport(prisma, editor, { id, mapping: { email: 0, name: 0 } })).toEqual({ ok: false, reason: "invalid", message: "Each column can be used for one field only." });
    expect(await commands.startImport(prisma, editor, { id, consent: false })).toMatchObject({ ok: false, reason: "wrong-state", message: "Preview the import before starting it." });
    expect(await commands.previewImport(prisma, editor, { id, mapping: { email: 1, name: 0 } })).toEqual({ ok: true });
    expect(await commands.startImport(prisma, editor, { id, consent: false })).toEqual({ ok: true });
    expect(await commands.startImport(prisma, editor, { id, consent: true })).toMatchObject({ ok: false, reason: "wrong-state" });
    expect(await commands.previewImport(prisma, editor, { id, mapping: { email: 1 } })).toMatchObject({ ok: false, reason: "wrong-state" });
  });
});

describe("CSV import: the background job", () => {
  it("a send worker picks up a queued import on its idle loop and runs it to the end", async () => {
    const { editor } = await setup();
    const job = await preview(editor, utf8("email\nw1@mail.example.com\nw2@mail.example.com\n"));
    await commands.startImport(prisma, editor, { id: job.id, consent: true });
    const worker = createWorker({ prisma, transport: { name: "outbox", sendBatch: async () => [] }, appUrl, secret });
    expect(await worker.processNext()).toBe("worked");
    expect(await getImportJob(prisma, job.id)).toMatchObject({ status: "done", processedRows: 2, imported: 2 });
    expect(await runQueuedImport(prisma, links)).toBe(false);
  });

  it("a job whose worker died is taken again by another once it has been silent for 10 minutes", async () => {
    const { editor } = await setup();
    const job = await preview(editor, utf8("email,tags\nx@mail.example.com,a\n"));
    await commands.startImport(prisma, editor, { id: job.id, consent: true });
    // A worker claimed it and then vanished.
    await prisma.importJob.update({ where: { id: job.id }, data: { status: "running" } });
    expect(await runQueuedImport(prisma, links)).toBe(false);
    expect(await runQueuedImport(prisma, links, { now: new Date(Date.now() + 11 * 60_000) })).toBe(true);
    expect(await getImportJob(prisma, job.id)).toMatchObject({ status: "done", imported: 1 });
    expect(await prisma.subscriberTag.count()).toBe(1);
  });

  it("a running worker goes on sending while one of its loops runs an import", async () => {
    const { issue } = await createSendableIssue(prisma, { recipients: 120 });
    const editor: Actor = await createUser(prisma, { role: "editor" });
    const job = await preview(editor, utf8("email\nfirst@mail.example.com\n"));
    // The import's first progress write is held until the test lets it go; the worker's idle looks are counted.
    const { database: counted, count } = countingIdleLooks(prisma);
    const { database: heldDatabase, held, release } = holdingImportProgress(counted, job.id);
    const worker = createWorker({ prisma: heldDatabase, transport: createOutboxTransport(prisma), appUrl, secret, batchSize: 50 });
    const stop = new AbortController();
    const running = worker.run({ signal: stop.signal, idleMs: 50, concurrency: 2 });

    // Both loops have looked once, and one of them again: it is the one looking for work, and the other waits for it.
    await waitUntil("the worker is idle", async () => count.looks >= 3);
    expect(await commands.startImport(prisma, editor, { id: job.id, consent: true })).toEqual({ ok: true });
    // The looking loop takes the import; the other looks in its place, finds the send, and sends it.
    await held;
    await startSend(prisma, { issueId: issue.id });
    await waitUntil("the issue is sent", async () => (await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).status === "sent", 20_000);
    expect(await getImportJob(prisma, job.id)).toMatchObject({ status: "running" });

    release();
    await waitUntil("the import is done", async () => (await getImportJob(prisma, job.id))?.status === "done", 20_000);
    stop.abort();
    await running;
  });

  it("a worker runs one import at a time: while one runs, its other loops start a scheduled send and claim every batch, and the second import waits", async () => {
    const { issue } = await createSendableIssue(prisma, { recipients: 150 });
    const editor: Actor = await createUser(prisma, { role: "editor" });
    const first = await preview(editor, utf8("email\nfirst@mail.example.com\n"));
    const second = await preview(editor, utf8("email\nsecond@mail.example.com\n"));
    for (const job of [first, second]) expect(await commands.startImport(prisma, editor, { id: job.id, consent: true })).toEqual({ ok: true });
    expect(await scheduleIssue(prisma, { issueId: issue.id, at: new Date() })).toMatchObject({ scheduled: true });

    // The first import's first progress write is held until the test lets it go.
    const { database: heldDatabase, held, release } = holdingImportProgress(prisma, first.id);
    const worker = createWorker({ prisma: heldDatabase, transport: createOutboxTransport(prisma), appUrl, secret, batchSize: 50 });

    // One loop finds no batch and takes the oldest import.
    const importingLoop = worker.processNext();
    await held;
    expect(await getImportJob(prisma, first.id)).toMatchObject({ status: "running" });

    // Another loop of the same worker: it skips the imports and starts the due issue, then sends it batch by batch.
    const outcomes: string[] = [];
    for (let step = 0; step < 10; step++) {
      const outcome = await worker.processNext();
      outcomes.push(outcome);
      if (outcome === "idle") break;
    }
    // The 150 subscribers and the import's first row, written before its progress write was held: 151 recipients.
    // Started, four batches (50, 50, 50, 1), then idle: with the import still running, it did not take the second one.
    expect(outcomes).toEqual(["worked", "worked", "worked", "worked", "worked", "idle"]);
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id }, select: { status: true } })).toEqual({ status: "sent" });
    expect(await prisma.delivery.count({ where: { issueId: issue.id, status: "sent" } })).toBe(151);
    expect(await getImportJob(prisma, first.id)).toMatchObject({ status: "running" });
    expect(await getImportJob(prisma, second.id)).toMatchObject({ status: "queued" });

    release();
    expect(await importingLoop).toBe("worked");
    expect(await getImportJob(prisma, first.id)).toMatchObject({ status: "done", imported: 1 });
    expect(await getImportJob(prisma, second.id)).toMatchObject({ status: "queued" });
    // With the first one over, the next idle loop takes the second.
    expect(await worker.processNext()).toBe("worked");
    expect(await getImportJob(prisma, second.id)).toMatchObject({ status: "done", imported: 1 });
  });
});
