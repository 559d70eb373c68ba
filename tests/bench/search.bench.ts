/**
 * npm run bench:search — the site search (lib/search/search-site.ts) over
 * BENCH_SEARCH_ISSUES (500) published issues, on the embedded database (PGlite
 * over its socket, one connection as the app has) and on server Postgres.
 *
 * Each issue has a title, a preheader, an intro paragraph and 12 stories (a
 * headline and 2–4 paragraphs of 3–5 sentences), made from a fixed-seed word
 * list (common words far more often than rare ones, English stop words, and
 * now and then an accented name: café, Zürich, São Paulo, naïve…), so every
 * run searches the same text. The issues and blocks are written by SQL; their
 * SearchEntry rows by the app's own indexing (indexUnindexedIssues, which runs
 * indexIssue in one transaction per issue, as the launcher does at start),
 * then ANALYZE but no VACUUM, as right after publishing (the index has no
 * pending list since migration 20261201072000; before, a publish's entries
 * waited there until a VACUUM, and the planner read every entry meanwhile).
 *
 * Timed, p50 and p95 over BENCH_REQUESTS (40) runs after 5 warm-ups: searchSite
 * (through Prisma, as the page calls it) for a common word, a rare word, two
 * words, a quoted phrase, an accented word typed without its accent, an `or`,
 * an excluded word, page 5 of the common word, a page past the last, and a
 * query of an excluded word only.
 *
 * Baselines in the same run: a primary-key lookup of one SearchEntry (a round
 * trip); ts_headline over the bodies of the common word's first page with the
 * 'weekly_english' configuration (unaccent, then english_stem) against the
 * built-in 'english', and websearch_to_tsquery with each (one call a round
 * trip, and 1,000 calls in one statement), printed as ratios. Printed, never
 * asserted.
 */
import { createPrismaClient, type Database } from "../../lib/db/client.ts";
import { HEADLINE_OPTIONS, LESS_THAN } from "../../lib/search/highlight.ts";
import { indexUnindexedIssues } from "../../lib/search/index-unindexed-issues.ts";
import { SEARCH_PAGE_MAX, searchSite } from "../../lib/search/search-site.ts";
import { onBothDatabases } from "./databases.ts";
import { machineLine, percentile, timeEach } from "./machine.ts";

const ISSUES = Number(process.env.BENCH_SEARCH_ISSUES ?? 500);
const RUNS = Number(process.env.BENCH_REQUESTS ?? 40);
const WARMUPS = 5;
const STORIES_PER_ISSUE = 12;
const SERVER_URL = process.env.BENCH_SERVER_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/weekly_bench_search";

/** Words of an energy-and-cities newsletter, most frequent first (drawn with Zipf's law, so "grid" is common and the tail rare). */
const VOCABULARY = `grid power energy city price battery storage wind solar market council transport cost plan
  network year utility project heat demand supply rail carbon capacity station water building tariff report policy
  minister budget investment data study customer bill operator pilot contract charger vehicle bus street housing
  emission target tender auction farm turbine panel roof pump line cable substation transmission distribution region
  winter summer forecast peak load reserve hydrogen gas coal nuclear reactor plant factory steel cement port ferry
  tram bicycle lane parking traffic congestion zone district neighbourhood resident tenant landlord rent mortgage bank
  fund bond loan subsidy tax levy credit permit planning approval appeal court regulator agency ministry parliament
  election mayor governor senator committee hearing consultation survey poll census model simulation algorithm
  software sensor meter smart flexible efficient cheap expensive reliable resilient outage blackout frequency
  voltage inverter transformer interconnector offshore onshore tidal wave geothermal biomass methane leak pipeline
  refinery export import trade shipping container freight logistics warehouse retrofit insulation window boiler
  furnace thermostat appliance kitchen cooling air conditioning drought flood storm heatwave wildfire river coast
  harbour canal reservoir dam irrigation orchard vineyard forest peat soil mine lithium cobalt nickel copper graphite
  recycling waste landfill compost circular repair warranty supplier startup founder engineer apprentice union strike
  wage pension commute remote office campus hospital school library museum stadium airport runway aviation fuel
  kerosene biofuel synthetic ammonia fertiliser electrolyser catalyst membrane laboratory prototype patent licence`
  .split(/\s+/)
  .filter(Boolean);
/** The long tail: 3,000 made-up words (names, jargon), each rare, as most of a real vocabulary is. */
const TAIL = Array.from({ length: 3000 }, (_, n) => {
  const syllables = ["ka", "lo", "ren", "mi", "tas", "ve", "dor", "ul", "bri", "sen", "po", "gar", "thi", "an", "zel", "mu"];
  return `${syllables[n % 16]}${syllables[(n >> 4) % 16]}${syllables[(n >> 8) % 16]}${n >= 2048 ? "ix" : ""}`;
});
const STOP_WORDS = "the a an of and to in is for on with as that by at from it was were will this its more than but not has have be".split(" ");
/** Names and words readers type without their accents. */
const ACCENTED = ["café", "Zürich", "São Paulo", "naïve", "Málaga", "Kraków", "Genève", "Montréal", "Düsseldorf", "Bogotá", "façade", "résumé", "Malmö", "Tromsø"];
/** In exactly one story in 997: the rare word. */
const RARE_WORD = "quasar";

/** mulberry32: a small seeded generator, so every run writes the same text. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function textMaker(seed: number) {
  const random = seeded(seed);
  // Zipf: the word of rank r is drawn in proportion to 1 / (r + 30), the real words first, then the tail.
  const words = [...VOCABULARY, ...TAIL];
  const cumulative: number[] = [];
  words.reduce((sum, _, rank) => (cumulative[rank] = sum + 1 / (rank + 30)), 0);
  const totalWeight = cumulative.at(-1)!;
  const word = () => {
    const target = random() * totalWeight;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return words[low]!;
  };
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  const sentence = (extra?: string) => {
    const words = Array.from({ length: between(8, 18) }, () => (random() < 0.45 ? pick(STOP_WORDS) : word()));
    if (random() < 0.05) words[between(1, words.length - 1)] = pick(ACCENTED);
    if (random() < 0.012) words.splice(between(1, words.length - 1), 0, "heat", "pumps");
    if (extra) words.splice(between(1, words.length - 1), 0, extra);
    return `${capitalised(words.join(" "))}${random() < 0.1 ? "," : ""}${random() < 0.15 ? "?" : "."}`.replace(/,([.?])$/, "$1");
  };
  const paragraph = (extra?: string) => {
    const count = between(3, 5);
    const at = between(0, count - 1);
    return Array.from({ length: count }, (_, i) => sentence(i === at ? extra : undefined)).join(" ");
  };
  const headline = () => capitalised(Array.from({ length: between(4, 8) }, () => (random() < 0.25 ? pick(STOP_WORDS) : random() < 0.04 ? pick(ACCENTED) : word())).join(" "));
  return { sentence, paragraph, headline, between };
}

/** N published issues (one a week), each with an intro and 12 stories, written by SQL; then indexed by the app's own code. */
async function seed(prisma: Database) {
  const publication = await prisma.publication.create({ data: { name: "Bench Weekly", siteUrl: "https://news.example.com", senderName: "Bench", senderEmail: "bench@news.example.com" } });
  const text = textMaker(20261201);
  const firstWeek = Date.UTC(2017, 0, 2, 7);
  let storyCount = 0;
  for (let from = 1; from <= ISSUES; from += 50) {
    const numbers = Array.from({ length: Math.min(50, ISSUES - from + 1) }, (_, i) => from + i);
    const issues = numbers.map((number) => {
      const when = new Date(firstWeek + (number - 1) * 7 * 86_400_000);
      const title = text.headline();
      const slug = title.toLowerCase().normalize("NFD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "") || `issue-${number}`;
      return { publicationId: publication.id, number, title, slug, preheader: text.sentence(), status: "sent" as const, sentAt: when, publishedAt: when, createdAt: when };
    });
    await prisma.issue.createMany({ data: issues });
    const ids = new Map((await prisma.issue.findMany({ where: { publicationId: publication.id, number: { in: numbers } }, select: { id: true, number: true } })).map((issue) => [issue.number, issue.id]));
    await prisma.block.createMany({
      data: numbers.flatMap((number) => {
        const stories = Array.from({ length: STORIES_PER_ISSUE }, (_, k) => {
          const rare = storyCount++ % 997 === 13 ? RARE_WORD : undefined;
          const paragraphs = Array.from({ length: text.between(2, 4) }, (_, p) => text.paragraph(p === 0 ? rare : undefined));
          return { id: `story-${number}-${k + 1}`, headline: text.headline(), url: `https://example.com/${number}/${k + 1}`, body: paragraphs.join("\n\n") };
        });
        return [
          { issueId: ids.get(number)!, position: 0, type: "text", data: { text: text.paragraph() } },
          { issueId: ids.get(number)!, position: 1, type: "topStories", data: { title: "This week's stories", stories } },
        ];
      }),
    });
  }
  const indexStart = performance.now();
  const indexed = await indexUnindexedIssues(prisma);
  const indexSeconds = (performance.now() - indexStart) / 1000;
  await prisma.$executeRaw`ANALYZE`;
  return { publicationId: publication.id, indexed, indexSeconds };
}

type Case = { name: string; query: string; page?: number };
const PAST_THE_LAST = -1;
const CASES: Case[] = [
  { name: "common word", query: "grid" },
  { name: "rare word", query: RARE_WORD },
  { name: "two words", query: "battery storage" },
  { name: "quoted phrase", query: '"heat pumps"' },
  { name: "accent left off", query: "zurich" },
  { name: "or", query: "geothermal or tidal" },
  { name: "excluded word", query: "grid -price" },
  { name: "page 5, common word", query: "grid", page: 5 },
  { name: "past the last page", query: "licence", page: PAST_THE_LAST },
  { name: "excluded only", query: "-grid" },
];

type Timing = { name: string; times: number[]; found: string };
const table = new Map<string, Timing[]>();

const ms = (times: number[]) => `p50 ${percentile(times, 50).toFixed(2).padStart(7)} ms, p95 ${percentile(times, 95).toFixed(2).padStart(7)} ms`;

async function timed(task: () => unknown): Promise<number[]> {
  await timeEach(WARMUPS, task);
  return timeEach(RUNS, task);
}

async function measure(label: string, url: string, poolSize: number) {
  const prisma = createPrismaClient(url, { poolSize });
  const seedStart = performance.now();
  const { publicationId, indexed, indexSeconds } = await seed(prisma);
  const entries = await prisma.searchEntry.count();
  const [{ bytes }] = await prisma.$queryRaw<[{ bytes: bigint }]>`SELECT pg_total_relation_size('"SearchEntry"') AS bytes`;
  console.log(
    `\n${label}: seeded ${ISSUES.toLocaleString("en")} issues (${(ISSUES * STORIES_PER_ISSUE).toLocaleString("en")} stories) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; ` +
      `indexIssue wrote ${entries.toLocaleString("en")} SearchEntry rows for ${indexed} issues in ${indexSeconds.toFixed(1)} s (${((indexSeconds * 1000) / indexed).toFixed(1)} ms an issue); SearchEntry with its indexes: ${(Number(bytes) / 2 ** 20).toFixed(1)} MiB`,
  );
  const rows: Timing[] = [];
  const ids = (await prisma.searchEntry.findMany({ select: { id: true } })).map((row) => row.id);
  let next = 0;
  rows.push({ name: "baseline: primary-key lookup", found: "1 row", times: await timed(() => prisma.searchEntry.findUnique({ where: { id: ids[next++ % ids.length]! }, select: { id: true } })) });
  for (const { name, query, page: wanted } of CASES) {
    // "Past the last page" asks for the page after the query's last (page 50 at most), whatever BENCH_SEARCH_ISSUES makes that.
    const page = wanted === PAST_THE_LAST ? Math.min(SEARCH_PAGE_MAX, (await searchSite(prisma, { publicationId, query })).pages + 1) : wanted;
    const result = await searchSite(prisma, { publicationId, query, page });
    const found = `${result.total.toLocaleString("en")} found, page ${result.page}/${result.pages}, ${result.results.length} shown`;
    rows.push({ name: `${name}: ${query}${page ? ` (page ${page})` : ""}`, found, times: await timed(() => searchSite(prisma, { publicationId, query, page })) });
  }

  // The configurations compared: ts_headline over the bodies of the common word's first page (searchSite's order), and websearch_to_tsquery.
  const common = CASES[0]!.query;
  const bodies = (
    await prisma.$queryRaw<{ body: string }[]>`
      SELECT "body" FROM (
        SELECT DISTINCT ON (e."issueId", COALESCE(e."anchor", '')) e."issueId", e."anchor", e."body", e."position", i."publishedAt", ts_rank_cd(e."document", q) AS rank
        FROM "SearchEntry" e JOIN "Issue" i ON i."id" = e."issueId", websearch_to_tsquery('weekly_english', ${common}) q
        WHERE e."document" @@ q AND i."publicationId" = ${publicationId}
        ORDER BY e."issueId", COALESCE(e."anchor", ''), rank DESC, e."position"
      ) matched
      ORDER BY rank DESC, "publishedAt" DESC, "position", "issueId", COALESCE("anchor", '') LIMIT 10`
  ).map((row) => row.body);
  const headlines = (config: "weekly_english" | "english") =>
    prisma.$queryRaw`SELECT ts_headline(${config}::regconfig, replace(b, '<', ${LESS_THAN}), websearch_to_tsquery(${config}::regconfig, ${common}), ${HEADLINE_OPTIONS}) FROM unnest(${bodies}::text[]) b`;
  const parse = (config: "weekly_english" | "english") => prisma.$queryRaw`SELECT websearch_to_tsquery(${config}::regconfig, ${"grid -price or \"heat pumps\""})::text`;
  // 1,000 parses in one statement: the query text depends on g, so Postgres cannot fold the calls into one.
  const parseMany = (config: "weekly_english" | "english") =>
    prisma.$queryRaw`SELECT count(websearch_to_tsquery(${config}::regconfig, ${"grid -price or \"heat pumps\" zurich"} || repeat(' ', g % 2))) FROM generate_series(1, 1000) g`;
  const bodyChars = bodies.reduce((sum, body) => sum + body.length, 0);
  for (const config of ["weekly_english", "english"] as const) {
    rows.push({ name: `ts_headline ×10 bodies, '${config}'`, found: `first page, ${bodyChars.toLocaleString("en")} chars`, times: await timed(() => headlines(config)) });
  }
  for (const config of ["weekly_english", "english"] as const) {
    rows.push({ name: `websearch_to_tsquery ×1, '${config}'`, found: "", times: await timed(() => parse(config)) });
  }
  for (const config of ["weekly_english", "english"] as const) {
    rows.push({ name: `websearch_to_tsquery ×1000, '${config}'`, found: "in 1 statement", times: await timed(() => parseMany(config)) });
  }
  for (const row of rows) console.log(`  ${row.name.padEnd(44)} ${ms(row.times)}   ${row.found}`);
  const ratio = (a: string, b: string) => {
    const of = (name: string) => percentile(rows.find((row) => row.name === name)!.times, 50);
    return (of(a) / of(b)).toFixed(2);
  };
  const lookup = percentile(rows[0]!.times, 50);
  console.log(
    `  ratios (p50): ts_headline weekly_english/english ${ratio("ts_headline ×10 bodies, 'weekly_english'", "ts_headline ×10 bodies, 'english'")}×; ` +
      `websearch_to_tsquery ×1 ${ratio("websearch_to_tsquery ×1, 'weekly_english'", "websearch_to_tsquery ×1, 'english'")}×, ×1000 ${ratio("websearch_to_tsquery ×1000, 'weekly_english'", "websearch_to_tsquery ×1000, 'english'")}×; ` +
      `common-word search / primary-key lookup ${(percentile(rows[1]!.times, 50) / lookup).toFixed(1)}×`,
  );
  table.set(label, rows);
  await prisma.$disconnect();
}

console.log(machineLine());
console.log(`issues: ${ISSUES.toLocaleString("en")} × ${STORIES_PER_ISSUE} stories, runs per case: ${RUNS} after ${WARMUPS} warm-ups`);
const started = performance.now();
await onBothDatabases(SERVER_URL, measure);

// Both databases side by side.
const [embedded, server] = [...table.values()];
console.log(`\n${"case".padEnd(44)} | ${"embedded p50".padStart(12)} ${"p95".padStart(8)} | ${"server p50".padStart(10)} ${"p95".padStart(8)} | found (server)`);
console.log(`${"-".repeat(44)}-|-${"-".repeat(21)}-|-${"-".repeat(19)}-|-${"-".repeat(14)}`);
embedded?.forEach((row, i) => {
  const other = server?.[i];
  const cell = (times: number[] | undefined, width: number) => (times ? `${percentile(times, 50).toFixed(2).padStart(width)} ${percentile(times, 95).toFixed(2).padStart(8)}` : "".padStart(width + 9));
  console.log(`${row.name.padEnd(44)} | ${cell(row.times, 12)} | ${cell(other?.times, 10)} | ${other?.found ?? row.found}`);
});
console.log(`\nms; whole run ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(machineLine());
process.exit(0);
