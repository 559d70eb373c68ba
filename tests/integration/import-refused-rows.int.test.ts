import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { commands } from "@/lib/commands";
import type { Database } from "@/lib/db/client";
import { getImportJob } from "@/lib/audience/import/import-jobs";
import { runQueuedImport } from "@/lib/audience/import/run-import";
import { deleteTag } from "@/lib/tags/manage-tags";
import { resetDatabase, testDb } from "../helpers/db";
import { previewCsv } from "../helpers/import-preview";
import { createPublication, createUser } from "../helpers/factories";
import { holdingImportProgress } from "../helpers/worker-probes";

/**
 * Stands in for a gap in the row parser: while `parserGap.on`, a created date of year 0 passes it
 * (as it did before parse-row checked the range), so the chunk's INSERT meets a value Postgres refuses.
 */
const parserGap = vi.hoisted(() => ({ on: false }));
vi.mock("@/lib/audience/import/parse-row", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/audience/import/parse-row")>();
  return {
    ...original,
    parseRow: (fields: string[], ...rest: Parameters<typeof original.parseRow> extends [unknown, ...infer R] ? R : never) => {
      if (parserGap.on && fields[1] === "0000-01-01") {
        const parsed = original.parseRow([fields[0]!, ""], ...rest);
        return parsed.ok ? { ok: true, value: { ...parsed.value, createdAt: new Date("0000-01-01T00:00:00Z") } } : parsed;
      }
      return original.parseRow(fields, ...rest);
    },
  };
});

const prisma = testDb();
beforeEach(async () => {
  parserGap.on = false;
  await resetDatabase();
});

const links = { appUrl: "https://news.example.com", secret: "import-test-secret-0123456789abcdef" };
const utf8 = (text: string) => new TextEncoder().encode(text);

async function setup() {
  await createPublication(prisma, { name: "Grid Notes" });
  const editor: Actor = await createUser(prisma, { role: "editor" });
  return { editor };
}

/** A CSV of `count` rows `r<n>@mail.example.com,2024-03-01`, with some rows' date replaced (by row number; the header is row 1). */
function csvWithDates(count: number, dates: Record<number, string>) {
  const lines = ["email,created"];
  for (let n = 2; n <= count + 1; n++) lines.push(`r${n}@mail.example.com,${dates[n] ?? "2024-03-01"}`);
  return utf8(lines.join("\n"));
}

const preview = (editor: Actor, bytes: Uint8Array) => previewCsv(prisma, editor, bytes);

async function run(editor: Actor, jobId: string, database: Database = prisma) {
  expect(await commands.startImport(prisma, editor, { id: jobId, consent: true })).toEqual({ ok: true });
  expect(await runQueuedImport(database, links)).toBe(true);
  return (await getImportJob(prisma, jobId))!;
}

/** The counts the import page shows add up: every row read is valid, invalid or a duplicate, and every valid one was imported, updated or skipped. */
function expectCountsAddUp(job: NonNullable<Awaited<ReturnType<typeof getImportJob>>>) {
  expect(job.processedRows).toBe(job.totalRows);
  expect(job.validRows + job.invalidRows + job.duplicateRows).toBe(job.totalRows);
  expect(job.imported + job.updated + job.skipped).toBe(job.validRows);
}

describe("CSV import: rows with dates the database cannot store", () => {
  it("shows dates before 1900 or not on the calendar as row errors in the preview, and imports every other row", async () => {
    const { editor } = await setup();
    // 1,500 rows: two chunks, the bad dates in the second.
    const bytes = csvWithDates(1_500, { 1_200: "0000-01-01", 1_300: "0001-01-01T00:00+01:00", 1_400: "2024-02-30" });
    const previewed = await preview(editor, bytes);
    expect(previewed).toMatchObject({ totalRows: 1_500, validRows: 1_497, invalidRows: 3 });
    expect(previewed.errors).toEqual([
      { row: 1_200, reason: 'the created date "0000-01-01" is before 1900 (a placeholder or a typo?)' },
      { row: 1_300, reason: 'the created date "0001-01-01T00:00+01:00" is before 1900 (a placeholder or a typo?)' },
      { row: 1_400, reason: 'the created date "2024-02-30" does not exist (there is no such day in that month)' },
    ]);
    const job = await run(editor, previewed.id);
    expect(job).toMatchObject({ status: "done", failure: null, totalRows: 1_500, validRows: 1_497, invalidRows: 3, imported: 1_497, errors: previewed.errors });
    expectCountsAddUp(job);
    expect(await prisma.subscriber.count()).toBe(1_497);
  });

  it("a row the database refuses anyway is a row error; the rest of its chunk and the later chunks are imported", async () => {
    const { editor } = await setup();
    parserGap.on = true;
    // 2,100 rows: three chunks; year 0 (which Postgres refuses) in the second and third, a row the parser refuses among them.
    const bytes = csvWithDates(2_100, { 1_500: "0000-01-01", 1_501: "yesterday", 2_050: "0000-01-01" });
    const previewed = await preview(editor, bytes);
    expect(previewed).toMatchObject({ validRows: 2_099, invalidRows: 1 });
    const job = await run(editor, previewed.id);
    expect(job).toMatchObject({ status: "done", failure: null, totalRows: 2_100, validRows: 2_097, invalidRows: 3, duplicateRows: 0, imported: 2_097 });
    expect(job.errors).toEqual([
      { row: 1_500, reason: "the database refused this row: its created date is out of the range it stores" },
      { row: 1_501, reason: 'the created date "yesterday" is not a date like 2024-03-01' },
      { row: 2_050, reason: "the database refused this row: its created date is out of the range it stores" },
    ]);
    expectCountsAddUp(job);
    expect(await prisma.subscriber.count()).toBe(2_097);
    expect(await prisma.subscriber.count({ where: { email: { in: ["r1499@mail.example.com", "r1502@mail.example.com", "r2101@mail.example.com"] } } })).toBe(3);
    // The file is wiped as after any finished import.
    expect((await prisma.importJob.findUniqueOrThrow({ where: { id: job.id } })).file).toBeNull();
  });

  it("a row breaking one of the database's rules is a row error too, with a readable reason", async () => {
    const { editor } = await setup();
    // A rule the row parser does not know about, for this test only.
    await prisma.$executeRawUnsafe(`ALTER TABLE "Subscriber" ADD CONSTRAINT "test_no_blocked" CHECK ("email" NOT LIKE 'blocked%')`);
    try {
      const previewed = await preview(editor, utf8("email\nfine@mail.example.com\nblocked@mail.example.com\nalso@mail.example.com\n"));
      const job = await run(editor, previewed.id);
      expect(job).toMatchObject({ status: "done", totalRows: 3, validRows: 2, invalidRows: 1, imported: 2 });
      expect(job.errors).toEqual([{ row: 3, reason: "the database refused this row: it breaks one of the subscriber list's rules" }]);
      expectCountsAddUp(job);
    } finally {
      await prisma.$executeRawUnsafe(`ALTER TABLE "Subscriber" DROP CONSTRAINT "test_no_blocked"`);
    }
  });

  it("an error that is not the data's (a lost connection) still fails the job, rather than turning rows into row errors", async () => {
    const { editor } = await setup();
    const previewed = await preview(editor, utf8("email\none@mail.example.com\ntwo@mail.example.com\n"));
    // The chunk statement fails as it would if the connection dropped; every other query goes through.
    const lost = new Proxy(prisma, {
      get(target, property) {
        if (property === "$queryRaw") {
          return (sql: TemplateStringsArray, ...values: unknown[]) =>
            sql.join("").includes('INSERT INTO "Subscriber"') ? Promise.reject(new Error("Connection terminated unexpectedly")) : target.$queryRaw(sql, ...values);
        }
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const job = await run(editor, previewed.id, lost);
    expect(job).toMatchObject({ status: "failed", failure: "Connection terminated unexpectedly" });
    expect(await prisma.subscriber.count()).toBe(0);
  });

  it("writes the rows of a tag deleted while the import ran, with the tag found again, not as row errors", async () => {
    const { editor } = await setup();
    const lines = ["email,tags", ...Array.from({ length: 1_500 }, (_, n) => `r${n}@mail.example.com,VIP`)];
    const uploaded = await commands.uploadImport(prisma, editor, { file: new File([utf8(lines.join("\n")) as BlobPart], "list.csv", { type: "text/csv" }) });
    if (!uploaded.ok) throw new Error(uploaded.message);
    expect(await commands.previewImport(prisma, editor, { id: uploaded.id, mapping: { email: 0, tags: 1 } })).toEqual({ ok: true });
    expect(await commands.startImport(prisma, editor, { id: uploaded.id, consent: true })).toEqual({ ok: true });
    // The first chunk is written (the tag made); while its progress is held, an editor deletes the tag.
    const { database, held, release } = holdingImportProgress(prisma, uploaded.id);
    const running = runQueuedImport(database, links);
    await held;
    const vip = await prisma.tag.findFirstOrThrow({ where: { slug: "vip" } });
    expect(await deleteTag(prisma, { id: vip.id })).toEqual({ ok: true });
    release();
    expect(await running).toBe(true);
    expect(await getImportJob(prisma, uploaded.id)).toMatchObject({ status: "done", imported: 1_500, invalidRows: 0 });
    // The other 500 carry the tag as the file names it, made again.
    const again = await prisma.tag.findFirstOrThrow({ where: { slug: "vip" } });
    expect(await prisma.subscriberTag.count({ where: { tagId: again.id } })).toBe(500);
  });
});
