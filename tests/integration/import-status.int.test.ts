import { parse } from "csv-parse/sync";
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { commands } from "@/lib/commands";
import { exportSubscribersCsv } from "@/lib/audience/export-subscribers";
import { getImportJob } from "@/lib/audience/import/import-jobs";
import { runQueuedImport } from "@/lib/audience/import/run-import";
import { resetDatabase, testDb } from "../helpers/db";
import { previewCsv } from "../helpers/import-preview";
import { createPublication, createSubscriber, createUser } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

const links = { appUrl: "https://news.example.com", secret: "import-status-test-secret-0123456789" };
const utf8 = (text: string) => new TextEncoder().encode(text);

async function setup() {
  const publication = await createPublication(prisma, { name: "Grid Notes" });
  const editor: Actor = await createUser(prisma, { role: "editor" });
  return { publication, editor };
}

const preview = (editor: Actor, bytes: Uint8Array) => previewCsv(prisma, editor, bytes);

/** Preview, start, and let a worker run it. */
async function importCsv(editor: Actor, bytes: Uint8Array, { consent }: { consent: boolean }) {
  const job = await preview(editor, bytes);
  expect(await commands.startImport(prisma, editor, { id: job.id, consent })).toEqual({ ok: true });
  expect(await runQueuedImport(prisma, links)).toBe(true);
  return (await getImportJob(prisma, job.id))!;
}

const statusOf = async (email: string) => (await prisma.subscriber.findFirstOrThrow({ where: { email: { equals: email, mode: "insensitive" } } })).status;
const mailTo = (address: string) => prisma.outboxMessage.findMany({ where: { toAddress: { equals: address, mode: "insensitive" } } });

describe("CSV import: a status column", () => {
  it("imports a row marked unsubscribed as unsubscribed, even with consent, and the preview says so (the browser QA's file)", async () => {
    const { editor } = await setup();
    const csv = utf8("email,name,tags,status\nCAROL@Example.COM,Carol,,unsubscribed\ndan@mail.example.com,Dan,,active\n");
    const previewed = await preview(editor, csv);
    expect(previewed.mapping).toEqual({ email: 0, name: 1, tags: 2, createdAt: null, status: 3 });
    expect(previewed).toMatchObject({ validRows: 2, invalidRows: 0, unsubscribedRows: 0, suppressedRows: 0, markedUnsubscribedRows: 1, markedSuppressedRows: 0 });
    expect(await commands.startImport(prisma, editor, { id: previewed.id, consent: true })).toEqual({ ok: true });
    expect(await runQueuedImport(prisma, links)).toBe(true);
    const job = (await getImportJob(prisma, previewed.id))!;
    expect(job).toMatchObject({ status: "done", imported: 2, updated: 0, skipped: 0, markedUnsubscribedRows: 1, markedSuppressedRows: 0, confirmationsSent: 0 });
    expect(await statusOf("carol@example.com")).toBe("unsubscribed");
    expect(await statusOf("dan@mail.example.com")).toBe("active");
  });

  it("imports each group of words as its status: on the list by consent, unsubscribed, bounced, complained", async () => {
    const { editor } = await setup();
    const csv = utf8(
      [
        "email,status",
        "empty@mail.example.com,",
        "yes@mail.example.com,Yes",
        "pending@mail.example.com,pending",
        "out@mail.example.com,Opted-Out",
        "no@mail.example.com,false",
        "cleaned@mail.example.com,cleaned",
        "hard@mail.example.com,hard bounce",
        "spam@mail.example.com,Spam complaint",
        "abuse@mail.example.com,abuse",
      ].join("\n"),
    );
    const job = await importCsv(editor, csv, { consent: false });
    expect(job).toMatchObject({ status: "done", validRows: 9, imported: 9, markedUnsubscribedRows: 2, markedSuppressedRows: 4, confirmationsSent: 3 });
    const expected: Record<string, string> = { empty: "pending", yes: "pending", pending: "pending", out: "unsubscribed", no: "unsubscribed", cleaned: "bounced", hard: "bounced", spam: "complained", abuse: "complained" };
    for (const [name, status] of Object.entries(expected)) expect([name, await statusOf(`${name}@mail.example.com`)]).toEqual([name, status]);
  });

  it("refuses a row with a status it does not know, with its row number and the words it knows, and imports the others", async () => {
    const { editor } = await setup();
    const previewed = await preview(editor, utf8("email,status\nok@mail.example.com,subscribed\nodd@mail.example.com,soft bounce\nout@mail.example.com,unsubscribed\n"));
    expect(previewed).toMatchObject({ validRows: 2, invalidRows: 1, markedUnsubscribedRows: 1 });
    expect(previewed.errors).toHaveLength(1);
    expect(previewed.errors[0]).toMatchObject({ row: 3, reason: expect.stringMatching(/^the status "soft bounce" is not one the import knows; a status may be empty, active, .*unsubscribed.*bounced.*complained/) });
    expect(await commands.startImport(prisma, editor, { id: previewed.id, consent: true })).toEqual({ ok: true });
    expect(await runQueuedImport(prisma, links)).toBe(true);
    expect(await getImportJob(prisma, previewed.id)).toMatchObject({ status: "done", imported: 2, invalidRows: 1, errors: previewed.errors });
    expect(await prisma.subscriber.count({ where: { email: "odd@mail.example.com" } })).toBe(0);
  });

  it("moves an existing active or pending subscriber to the status the file gives, logged once by the database", async () => {
    const { publication, editor } = await setup();
    const reader = await createSubscriber(prisma, { publicationId: publication.id, email: "reader@mail.example.com", status: "active", name: "Reader" });
    const waiting = await createSubscriber(prisma, { publicationId: publication.id, email: "waiting@mail.example.com", status: "pending" });
    await prisma.subscriberStatusChange.deleteMany();
    const csv = utf8("email,status\nREADER@mail.example.com,unsubscribed\nwaiting@mail.example.com,bounced\n");
    const previewed = await preview(editor, csv);
    expect(previewed).toMatchObject({ validRows: 2, unsubscribedRows: 0, suppressedRows: 0, markedUnsubscribedRows: 1, markedSuppressedRows: 1 });
    expect(await commands.startImport(prisma, editor, { id: previewed.id, consent: true })).toEqual({ ok: true });
    expect(await runQueuedImport(prisma, links)).toBe(true);
    expect(await getImportJob(prisma, previewed.id)).toMatchObject({ imported: 0, updated: 2, skipped: 0, markedUnsubscribedRows: 1, markedSuppressedRows: 1, confirmationsSent: 0 });
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: reader.id } })).toMatchObject({ status: "unsubscribed", name: "Reader" });
    expect(await statusOf("waiting@mail.example.com")).toBe("bounced");
    const changes = await prisma.subscriberStatusChange.findMany({ orderBy: { subscriberId: "asc" }, select: { subscriberId: true, fromStatus: true, toStatus: true } });
    expect(changes).toEqual(
      [
        { subscriberId: reader.id, fromStatus: "active", toStatus: "unsubscribed" },
        { subscriberId: waiting.id, fromStatus: "pending", toStatus: "bounced" },
      ].sort((a, b) => a.subscriberId.localeCompare(b.subscriberId)),
    );
  });

  it("never changes an unsubscribed, bounced or complained subscriber, whatever the file's status says", async () => {
    const { publication, editor } = await setup();
    for (const status of ["unsubscribed", "bounced", "complained"] as const) await createSubscriber(prisma, { publicationId: publication.id, email: `${status}@mail.example.com`, status });
    const csv = utf8("email,status\nunsubscribed@mail.example.com,active\nbounced@mail.example.com,unsubscribed\ncomplained@mail.example.com,bounced\n");
    const previewed = await preview(editor, csv);
    // Already so here: the file's status changes nothing, so it counts as left alone, not as marked.
    expect(previewed).toMatchObject({ unsubscribedRows: 1, suppressedRows: 2, markedUnsubscribedRows: 0, markedSuppressedRows: 0 });
    expect(await commands.startImport(prisma, editor, { id: previewed.id, consent: true })).toEqual({ ok: true });
    expect(await runQueuedImport(prisma, links)).toBe(true);
    expect(await getImportJob(prisma, previewed.id)).toMatchObject({ skipped: 3, imported: 0, updated: 0, markedUnsubscribedRows: 0, markedSuppressedRows: 0 });
    for (const status of ["unsubscribed", "bounced", "complained"]) expect(await statusOf(`${status}@mail.example.com`)).toBe(status);
    expect(await prisma.outboxMessage.count()).toBe(0);
  });

  it("sends no confirmation email to a row the file marks unsubscribed, bounced or complained, new or already pending", async () => {
    const { publication, editor } = await setup();
    await createSubscriber(prisma, { publicationId: publication.id, email: "was-pending@mail.example.com", status: "pending" });
    const csv = utf8("email,status\nnew@mail.example.com,\nleft@mail.example.com,unsubscribed\nbounced@mail.example.com,bounced\nspam@mail.example.com,spam\nwas-pending@mail.example.com,unsubscribed\n");
    const job = await importCsv(editor, csv, { consent: false });
    expect(job).toMatchObject({ imported: 4, updated: 1, confirmationsSent: 1, markedUnsubscribedRows: 2, markedSuppressedRows: 2 });
    expect(await mailTo("new@mail.example.com")).toHaveLength(1);
    for (const address of ["left", "bounced", "spam", "was-pending"]) expect(await mailTo(`${address}@mail.example.com`)).toHaveLength(0);
    expect(await prisma.outboxMessage.count()).toBe(1);
    // Marked here by the import, a later import with consent does not make them active.
    const again = await importCsv(editor, utf8("email\nleft@mail.example.com\nbounced@mail.example.com\nspam@mail.example.com\nwas-pending@mail.example.com\n"), { consent: true });
    expect(again).toMatchObject({ skipped: 4, imported: 0, updated: 0 });
    expect(await Promise.all(["left", "bounced", "spam", "was-pending"].map((address) => statusOf(`${address}@mail.example.com`)))).toEqual(["unsubscribed", "bounced", "complained", "unsubscribed"]);
  });
});

describe("CSV import: the site's own export imports back as it was", () => {
  const STATUSES = ["active", "pending", "unsubscribed", "bounced", "complained"] as const;

  /** Subscribers with every status (names, tags, join dates), exported with the subscribers page's export. */
  async function exportEveryStatus() {
    const { publication } = await setup();
    const tag = await prisma.tag.create({ data: { publicationId: publication.id, name: "Early readers", slug: "early-readers" } });
    for (const [n, status] of STATUSES.entries()) {
      const person = await createSubscriber(prisma, { publicationId: publication.id, email: `${status}@mail.example.com`, name: `Reader ${status}`, status, createdAt: new Date(Date.UTC(2025, 0, n + 1)) });
      await prisma.subscriberTag.create({ data: { subscriberId: person.id, tagId: tag.id } });
    }
    const csv = await new Response(exportSubscribersCsv(prisma, { publicationId: publication.id })).text();
    expect((parse(csv, { columns: true }) as Record<string, string>[]).map((row) => row.status).sort()).toEqual([...STATUSES].sort());
    return utf8(csv);
  }

  const imported = () => prisma.subscriber.findMany({ orderBy: { email: "asc" }, select: { email: true, name: true, status: true, createdAt: true, tags: { select: { tag: { select: { name: true } } } } } });

  for (const consent of [true, false]) {
    it(`gets every unsubscribed, bounced and complained status back, ${consent ? "with" : "without"} consent, and mails none of them`, async () => {
      const csv = await exportEveryStatus();
      // A fresh site: the file moves the list to another instance.
      await resetDatabase();
      const { editor } = await setup();
      const job = await importCsv(editor, csv, { consent });
      // Active and pending are left to the consent choice (the file cannot vouch for consent on this site).
      const onTheList = consent ? "active" : "pending";
      expect(job).toMatchObject({ status: "done", validRows: 5, invalidRows: 0, imported: 5, markedUnsubscribedRows: 1, markedSuppressedRows: 2, confirmationsSent: consent ? 0 : 2 });
      expect(await imported()).toEqual(
        [...STATUSES].sort().map((status) => ({
          email: `${status}@mail.example.com`,
          name: `Reader ${status}`,
          status: status === "active" || status === "pending" ? onTheList : status,
          createdAt: new Date(Date.UTC(2025, 0, STATUSES.indexOf(status) + 1)),
          tags: [{ tag: { name: "Early readers" } }],
        })),
      );
      for (const status of ["unsubscribed", "bounced", "complained"]) expect(await mailTo(`${status}@mail.example.com`)).toHaveLength(0);
    });
  }
});
