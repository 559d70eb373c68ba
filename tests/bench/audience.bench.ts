/**
 * npm run bench:audience — the subscribers page and the CSV export at
 * BENCH_SUBSCRIBERS (100,000) subscribers, on the embedded database (PGlite
 * over its socket, one connection as the app has) and on server Postgres.
 *
 * (a) The page's queries (one page of rows + the per-status counts), p50/p95
 *     over many requests: first page, deep pages by cursor, a status filter,
 *     a search, a tag filter (a common tag on 1 in 5 subscribers, a rare one on
 *     1 in 200) by cursor, and the recipient count of a tag segment (any / all).
 *     Baseline in the same run: a primary-key lookup.
 * (b) The streamed CSV export of everyone: seconds and rows/s.
 *
 * (c) The CSV import of BENCH_IMPORT_ROWS (100,000) rows (email, name, two
 *     tags, created date; one in ten already a subscriber): upload, the dry
 *     run, and the import job, as the editor and the worker run them.
 *     Baseline in the same run: the seed's plain createMany of as many rows.
 *
 * Targets (issue #6): page p95 ≤ 200 ms; 100,000 rows imported in ≤ 30 s.
 * Printed, never asserted.
 */
import { createPrismaClient, type Database } from "../../lib/db/client.ts";
import { exportSubscribersCsv } from "../../lib/audience/export-subscribers.ts";
import { getImportJob } from "../../lib/audience/import/import-jobs.ts";
import { runQueuedImport } from "../../lib/audience/import/run-import.ts";
import { commands } from "../../lib/commands.ts";
import { countSubscribers, listSubscribers } from "../../lib/audience/list-subscribers.ts";
import { countRecipients } from "../../lib/delivery/count-recipients.ts";
import { onBothDatabases } from "./databases.ts";
import { machineLine, percentile, timeEach } from "./machine.ts";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const SERVER_URL = process.env.BENCH_SERVER_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/weekly_bench_audience";

async function seed(prisma: Database) {
  const publication = await prisma.publication.create({ data: { name: "Bench Weekly", siteUrl: "https://news.example.com", senderName: "Bench", senderEmail: "bench@news.example.com" } });
  const statuses = ["active", "active", "active", "active", "unsubscribed", "pending", "bounced"] as const;
  for (let from = 0; from < SUBSCRIBERS; from += 10_000) {
    await prisma.subscriber.createMany({
      data: Array.from({ length: Math.min(10_000, SUBSCRIBERS - from) }, (_, i) => {
        const n = from + i;
        return { publicationId: publication.id, email: `reader${n}@mail${n % 97}.example.com`, name: n % 4 === 0 ? `Reader ${n}` : null, status: statuses[n % statuses.length]!, createdAt: new Date(Date.UTC(2024, 0, 1) + n * 60_000) };
      }),
    });
  }
  // Tags: "common" on every 5th subscriber, "rare" on every 200th (by id order, so spread over time).
  const [common, rare] = await Promise.all(["common", "rare"].map((slug) => prisma.tag.create({ data: { publicationId: publication.id, name: slug, slug } })));
  await prisma.$executeRaw`
    INSERT INTO "SubscriberTag" ("subscriberId", "tagId")
    SELECT s."id", t."id" FROM (SELECT "id", row_number() OVER (ORDER BY "id") AS n FROM "Subscriber") s
    JOIN "Tag" t ON (t."id" = ${common!.id} AND s.n % 5 = 0) OR (t."id" = ${rare!.id} AND s.n % 200 = 0)`;
  await prisma.$executeRaw`ANALYZE`;
  return { publicationId: publication.id, common: common!.id, rare: rare!.id };
}

const ms = (times: number[]) => `p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`;

async function measure(label: string, url: string, poolSize: number) {
  const prisma = createPrismaClient(url, { poolSize });
  const seedStart = performance.now();
  const { publicationId, common, rare } = await seed(prisma);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(`\n${label}: seeded ${SUBSCRIBERS.toLocaleString("en")} subscribers in ${seedSeconds.toFixed(1)} s`);
  const ids = (await prisma.subscriber.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((row) => row.id);
  const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
  // The page runs both queries; so does each measured request.
  const page = (options: Parameters<typeof listSubscribers>[1]) => Promise.all([listSubscribers(prisma, options), countSubscribers(prisma, { publicationId, query: options.query, tagId: options.tagId })]);
  await page({ publicationId }); // warm up
  const results = {
    baseline: await timeEach(REQUESTS, () => prisma.subscriber.findUnique({ where: { id: pick() }, select: { id: true } })),
    first: await timeEach(REQUESTS, () => page({ publicationId })),
    deep: await timeEach(REQUESTS, () => page({ publicationId, after: pick() })),
    status: await timeEach(REQUESTS, () => page({ publicationId, status: "unsubscribed", after: pick() })),
    search: await timeEach(REQUESTS, () => page({ publicationId, query: `reader${Math.floor(Math.random() * SUBSCRIBERS)}@` })),
    tagCommon: await timeEach(REQUESTS, () => page({ publicationId, tagId: common, after: pick() })),
    tagRare: await timeEach(REQUESTS, () => page({ publicationId, tagId: rare, after: pick() })),
    segmentAny: await timeEach(Math.ceil(REQUESTS / 5), () => countRecipients(prisma, { publicationId, audienceTagIds: [common, rare], audienceMatch: "any" })),
    segmentAll: await timeEach(Math.ceil(REQUESTS / 5), () => countRecipients(prisma, { publicationId, audienceTagIds: [common, rare], audienceMatch: "all" })),
  };
  console.log(`  baseline (primary-key lookup):   ${ms(results.baseline)}`);
  console.log(`  list page, first:                ${ms(results.first)}`);
  console.log(`  list page, deep (cursor):        ${ms(results.deep)}`);
  console.log(`  list page, status + cursor:      ${ms(results.status)}`);
  console.log(`  list page, search email/name:    ${ms(results.search)}`);
  console.log(`  list page, common tag + cursor:  ${ms(results.tagCommon)}`);
  console.log(`  list page, rare tag + cursor:    ${ms(results.tagRare)}   (target p95 ≤ 200 ms for every row above)`);
  console.log(`  segment count, any of 2 tags:    ${ms(results.segmentAny)}`);
  console.log(`  segment count, all of 2 tags:    ${ms(results.segmentAll)}`);
  const exportStart = performance.now();
  let bytes = 0;
  const reader = exportSubscribersCsv(prisma, { publicationId }).getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
  const seconds = (performance.now() - exportStart) / 1000;
  console.log(`  CSV export of everyone: ${(bytes / 2 ** 20).toFixed(1)} MiB in ${seconds.toFixed(2)} s = ${(SUBSCRIBERS / seconds).toFixed(0)} rows/s`);
  const tagExportStart = performance.now();
  const tagReader = exportSubscribersCsv(prisma, { publicationId, tagId: common }).getReader();
  for (let chunk = await tagReader.read(); !chunk.done; chunk = await tagReader.read());
  console.log(`  CSV export of the common tag (${(SUBSCRIBERS / 5).toLocaleString("en")} rows): ${((performance.now() - tagExportStart) / 1000).toFixed(2)} s`);
  await measureImport(prisma, seedSeconds);
  await prisma.$disconnect();
}

/** A CSV as a spreadsheet exports it; every tenth address is one the seed created (an update, not an insert). */
function importCsv(): Uint8Array {
  const lines = ["Email;Name;Tags;Created"];
  for (let n = 0; n < IMPORT_ROWS; n++) {
    const email = n % 10 === 0 ? `reader${n}@mail${n % 97}.example.com` : `imported${n}@list${n % 89}.example.org`;
    lines.push(`${email};"Imported, Reader ${n}";topic-${n % 20}|cohort-${n % 7};2023-${String((n % 12) + 1).padStart(2, "0")}-15`);
  }
  return new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`);
}

async function measureImport(prisma: Database, seedSeconds: number) {
  const editor = await prisma.user.create({ data: { email: `bench-editor-${Date.now()}@team.example.com`, role: "editor" } });
  const bytes = importCsv();
  const time = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const start = performance.now();
    const result = await work();
    return [result, (performance.now() - start) / 1000];
  };
  const [uploaded, uploadSeconds] = await time(() => commands.uploadImport(prisma, editor, { file: new File([bytes as BlobPart], "bench.csv") }));
  if (!uploaded.ok) throw new Error(uploaded.message);
  const job = await getImportJob(prisma, uploaded.id);
  const [, previewSeconds] = await time(() => commands.previewImport(prisma, editor, { id: uploaded.id, mapping: job!.mapping }));
  await commands.startImport(prisma, editor, { id: uploaded.id, consent: true });
  const [, runSeconds] = await time(() => runQueuedImport(prisma, { appUrl: "https://news.example.com", secret: "bench-secret-0123456789abcdef0123456789" }));
  const done = await getImportJob(prisma, uploaded.id);
  if (done?.status !== "done") throw new Error(`The import ended ${done?.status}: ${done?.failure}`);
  const total = uploadSeconds + previewSeconds + runSeconds;
  console.log(`  CSV import of ${IMPORT_ROWS.toLocaleString("en")} rows (${(bytes.length / 2 ** 20).toFixed(1)} MiB, with consent): upload ${uploadSeconds.toFixed(2)} s, dry run ${previewSeconds.toFixed(2)} s, import ${runSeconds.toFixed(2)} s; total ${total.toFixed(1)} s = ${(IMPORT_ROWS / total).toFixed(0)} rows/s (target ≤ 30 s)`);
  console.log(`    ${done.imported.toLocaleString("en")} new, ${done.updated.toLocaleString("en")} existing updated; baseline: the seed's createMany of ${SUBSCRIBERS.toLocaleString("en")} bare rows took ${seedSeconds.toFixed(1)} s`);
}

console.log(machineLine());
console.log(`subscribers: ${SUBSCRIBERS.toLocaleString("en")}, requests per case: ${REQUESTS}`);
await onBothDatabases(SERVER_URL, measure);
