import fs from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import { HighlightedText } from "@/components/site/highlighted-text";
import type { Actor } from "@/lib/auth/permissions";
import { committedMigrations, MIGRATIONS_DIR } from "@/lib/db/migrations";
import { seedDemoContent } from "@/lib/demo/seed-demo";
import { finalizeIssue } from "@/lib/delivery/finalize-issue";
import { startSend } from "@/lib/delivery/start-send";
import { correctIssue } from "@/lib/issues/correct-issue";
import { saveIssue } from "@/lib/issues/save-issue";
import { consumeSearchQuota, SEARCHES_PER_ADDRESS } from "@/lib/search/consume-search-quota";
import { indexUnindexedIssues } from "@/lib/search/index-unindexed-issues";
import { SEARCH_PAGE_MAX, SEARCH_PER_PAGE, SEARCH_QUERY_MAX, searchSite } from "@/lib/search/search-site";
import { resetDatabase, testDb } from "../helpers/db";
import { createIssue, createPublication, createUser } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

const text = (body: string, extra: Record<string, unknown> = {}) => ({ type: "text", data: { text: body }, ...extra });
const topStories = (stories: { id: string; headline: string; body: string }[]) => ({
  type: "topStories",
  data: { title: "Top stories", stories: stories.map((story) => ({ url: "https://example.com/a", ...story })) },
});

async function issueWith(actor: Actor, publicationId: string, content: { title: string; channel?: string; blocks: unknown[] }, options: { publish?: boolean } = { publish: true }) {
  const issue = await createIssue(prisma, { publicationId });
  const saved = await saveIssue(prisma, actor, { issueId: issue.id, expectedVersion: issue.version, preheader: "", ...content });
  if (!saved.ok) throw new Error(`save failed: ${JSON.stringify(saved)}`);
  if (options.publish) {
    expect((await startSend(prisma, { issueId: issue.id })).started).toBe(true);
    expect(await finalizeIssue(prisma, issue.id)).toBe("sent");
  }
  return prisma.issue.findUniqueOrThrow({ where: { id: issue.id } });
}

const plain = (segments: { text: string }[]) => segments.map((segment) => segment.text).join("");
const marked = (segments: { text: string; mark: boolean }[]) => segments.filter((segment) => segment.mark).map((segment) => segment.text.toLowerCase());

describe("site search", () => {
  it("ranks a story whose headline matches above text that mentions the word, and links to the story's anchor", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const publication = await createPublication(prisma);
    const issue = await issueWith(editor, publication.id, {
      title: "Harbour week",
      blocks: [
        text("The ferry timetable changed, and a tidal survey began in the bay."),
        topStories([
          { id: "tidal-array", headline: "A tidal array sends power through winter", body: "Four tidal turbines ran all season." },
          { id: "grid-prices", headline: "Grid prices fall", body: "Wholesale prices fell again." },
        ]),
      ],
    });

    const found = await searchSite(prisma, { publicationId: publication.id, query: "tidal" });
    expect(found.total).toBe(2);
    expect(found.results[0]!.href).toBe(`/issues/${issue.number}-${issue.slug}#tidal-array`);
    expect(plain(found.results[0]!.title)).toBe("A tidal array sends power through winter");
    expect(marked(found.results[0]!.title)).toEqual(["tidal"]);
    expect(marked(found.results[0]!.snippet)).toEqual(["tidal"]);
    // A block without stories links to the issue's page, named by the issue.
    expect(found.results[1]!.href).toBe(`/issues/${issue.number}-${issue.slug}`);
    expect(plain(found.results[1]!.title)).toBe("Harbour week");
    expect(plain(found.results[1]!.snippet)).toContain("tidal survey");
    // Stemming: "prices" finds "price"; the issue's own title is searchable too.
    expect((await searchSite(prisma, { publicationId: publication.id, query: "price" })).results.map((r) => r.href)).toEqual([
      `/issues/${issue.number}-${issue.slug}#grid-prices`,
    ]);
    expect((await searchSite(prisma, { publicationId: publication.id, query: "harbour" })).results.map((r) => r.href)).toEqual([
      `/issues/${issue.number}-${issue.slug}`,
    ]);
  });

  it("reads words without their accents, either way round, and marks them as the story spells them", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const publication = await createPublication(prisma);
    await issueWith(editor, publication.id, {
      title: "Harbours",
      blocks: [
        topStories([
          { id: "zurich", headline: "Zürich opens a café on the quay", body: "The naïve plan worked." },
          { id: "sao-paulo", headline: "Sao Paulo trials a ferry", body: "Plain letters here." },
        ]),
      ],
    });
    const hrefsFor = async (query: string) => (await searchSite(prisma, { publicationId: publication.id, query })).results.map((result) => result.href.split("#")[1]);
    expect(await hrefsFor("zurich")).toEqual(["zurich"]);
    expect(await hrefsFor("cafe")).toEqual(["zurich"]);
    expect(await hrefsFor("naive")).toEqual(["zurich"]);
    expect(await hrefsFor("São Paulo")).toEqual(["sao-paulo"]);
    const found = await searchSite(prisma, { publicationId: publication.id, query: "zurich cafe" });
    expect(marked(found.results[0]!.title)).toEqual(["zürich", "café"]);
  });

  it("gives one result per place on the site: the issue's title and its blocks without stories all land on its page", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const publication = await createPublication(prisma);
    const issue = await issueWith(editor, publication.id, {
      title: "Batteries outbid gas",
      blocks: [text("Batteries won the auction this week."), text("My take: batteries will keep winning."), topStories([{ id: "storage", headline: "Battery storage doubles", body: "More batteries." }])],
    });
    const found = await searchSite(prisma, { publicationId: publication.id, query: "battery" });
    const page = `/issues/${issue.number}-${issue.slug}`;
    expect(found.results.map((result) => result.href).sort()).toEqual([page, `${page}#storage`]);
    expect(found.total).toBe(2);
    expect(found.pages).toBe(1);
  });

  it("reads a roundup story's parts as the page shows them, each label before its text", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const publication = await createPublication(prisma);
    const issue = await issueWith(editor, publication.id, {
      title: "Storage week",
      blocks: [
        {
          type: "roundup",
          data: {
            title: "Weekly News Roundup",
            stories: [
              {
                id: "battery-auctions",
                headline: "Storage sweeps the capacity auctions",
                url: "https://example.com/auctions",
                parts: [
                  { label: "What's new", body: "Batteries won three auctions." },
                  { label: "My take", body: "This is overdue." },
                  { label: "How it works", body: "Arbitrage between cheap and dear hours." },
                ],
              },
            ],
          },
        },
      ],
    });

    // Postgres keeps jsonb keys shortest first, so the stored part reads { body, label }: the index must not follow that order.
    const [entry] = await prisma.searchEntry.findMany({ where: { issueId: issue.id, anchor: "battery-auctions" }, select: { body: true } });
    expect(entry!.body).toBe("What's new\nBatteries won three auctions.\nMy take\nThis is overdue.\nHow it works\nArbitrage between cheap and dear hours.");
    const [result] = (await searchSite(prisma, { publicationId: publication.id, query: "battery" })).results;
    expect(result!.href).toBe(`/issues/${issue.number}-${issue.slug}#battery-auctions`);
    // As the page shows it (HTML collapses the line breaks); ts_headline drops the final full stop.
    expect(plain(result!.snippet).replace(/\s+/g, " ")).toBe("What's new Batteries won three auctions. My take This is overdue. How it works Arbitrage between cheap and dear hours");

    // Rows indexed by an older version, in stored order, are dropped by the upgrade's migration and rebuilt at the next start.
    await prisma.searchEntry.updateMany({ where: { issueId: issue.id, anchor: "battery-auctions" }, data: { body: "Batteries won three auctions.\nWhat's new" } });
    const migration = committedMigrations().find((name) => name.endsWith("_search_reading_order"));
    await prisma.$executeRawUnsafe(fs.readFileSync(path.join(MIGRATIONS_DIR, migration!, "migration.sql"), "utf8"));
    expect(await prisma.searchEntry.count()).toBe(0);
    expect(await indexUnindexedIssues(prisma)).toBe(1);
    expect((await prisma.searchEntry.findFirstOrThrow({ where: { issueId: issue.id, anchor: "battery-auctions" } })).body).toBe(entry!.body);
  });

  it("returns text, never HTML: a block holding <script> comes back as text, with only the matches marked", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const publication = await createPublication(prisma);
    await issueWith(editor, publication.id, {
      title: "Escaping",
      blocks: [text("Beware <script>alert('owned')</script> and <b>bold</b> claims about turbines \uE000forged\uE001 markers.")],
    });
    const [result] = (await searchSite(prisma, { publicationId: publication.id, query: "turbines" })).results;
    expect(plain(result!.snippet)).toContain("<script>alert('owned')</script>");
    expect(marked(result!.snippet)).toEqual(["turbines"]);
    const html = renderToStaticMarkup(createElement(HighlightedText, { segments: result!.snippet }));
    expect(html).toContain("&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;");
    expect(html).toContain("<mark>turbines</mark>");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<b>");
    // The markers in the text were stripped when indexed, so "forged" is no match.
    expect(html).not.toContain("<mark>forged</mark>");
    expect(html).toContain("forged");
  });

  it("leaves out email-only issues and blocks, drafts, and other publications", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const publication = await createPublication(prisma);
    await issueWith(editor, publication.id, { title: "Mixed", blocks: [text("Visible wombat."), text("Inbox-only wombat and quokka.", { channel: "email_only" })] });
    await issueWith(editor, publication.id, { title: "Letters", channel: "email_only", blocks: [text("A quokka for subscribers.")] });
    await issueWith(editor, publication.id, { title: "Draft", blocks: [text("An unpublished quokka.")] }, { publish: false });
    const other = await createPublication(prisma);
    await issueWith(editor, other.id, { title: "Elsewhere", blocks: [text("A wombat elsewhere.")] });

    expect(await searchSite(prisma, { publicationId: publication.id, query: "quokka" })).toMatchObject({ total: 0, results: [] });
    const wombats = await searchSite(prisma, { publicationId: publication.id, query: "wombat" });
    expect(wombats.results.map((result) => plain(result.snippet))).toEqual(["Visible wombat"]);
  });

  it("pages through results ten at a time, and caps the query's length", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const publication = await createPublication(prisma);
    const stories = Array.from({ length: 13 }, (_, n) => ({ id: `s-${n}`, headline: `Story ${n}`, body: `Turbine news number ${n}.` }));
    await issueWith(editor, publication.id, { title: "Many", blocks: [topStories(stories)] });

    const first = await searchSite(prisma, { publicationId: publication.id, query: "turbine" });
    const second = await searchSite(prisma, { publicationId: publication.id, query: "turbine", page: 2 });
    expect({ total: first.total, pages: first.pages, count: first.results.length }).toEqual({ total: 13, pages: 2, count: SEARCH_PER_PAGE });
    expect(second.results).toHaveLength(3);
    const hrefs = [...first.results, ...second.results].map((result) => result.href.split("#")[1]);
    expect(new Set(hrefs)).toEqual(new Set(stories.map((story) => story.id)));
    // Equal ranks keep the page's order.
    expect(hrefs).toEqual(stories.map((story) => story.id));
    // A page past the last still says how many there are: the page offers the last one, not "nothing found".
    expect(await searchSite(prisma, { publicationId: publication.id, query: "turbine", page: 9 })).toMatchObject({ total: 13, pages: 2, page: 9, results: [] });

    const long = await searchSite(prisma, { publicationId: publication.id, query: `turbine ${"x".repeat(1000)}` });
    expect(long.query).toHaveLength(SEARCH_QUERY_MAX);
    expect(await searchSite(prisma, { publicationId: publication.id, query: "   " })).toMatchObject({ total: 0, results: [] });
    // The cut never halves an emoji (half of one is no text the database can take).
    const emoji = await searchSite(prisma, { publicationId: publication.id, query: `${"t".repeat(SEARCH_QUERY_MAX - 1)}🌊` });
    expect(emoji).toMatchObject({ query: "t".repeat(SEARCH_QUERY_MAX - 1), total: 0 });
  });

  it("counts no more pages than it serves: past 500 results the pager ends at the last page there is", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const publication = await createPublication(prisma);
    const issue = await issueWith(editor, publication.id, { title: "Tides", blocks: [text("Turbine news.")] });
    // Far more stories than any issue holds, written straight into the index: only their number matters here.
    const extra = SEARCH_PAGE_MAX * SEARCH_PER_PAGE + 95;
    await prisma.searchEntry.createMany({ data: Array.from({ length: extra }, (_, n) => ({ issueId: issue.id, position: 100 + n, anchor: `s-${n}`, title: `Story ${n}`, body: "More turbine news." })) });

    const first = await searchSite(prisma, { publicationId: publication.id, query: "turbine" });
    expect({ total: first.total, page: first.page, pages: first.pages }).toEqual({ total: extra + 1, page: 1, pages: SEARCH_PAGE_MAX });
    // The last page the pager offers is one the search serves, with no page after it.
    for (const page of [SEARCH_PAGE_MAX, SEARCH_PAGE_MAX + 1]) {
      const last = await searchSite(prisma, { publicationId: publication.id, query: "turbine", page });
      expect({ page: last.page, pages: last.pages, count: last.results.length }, String(page)).toEqual({ page: SEARCH_PAGE_MAX, pages: SEARCH_PAGE_MAX, count: SEARCH_PER_PAGE });
    }
  });

  it("treats a query of excluded words only as no query: it would match every story", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const publication = await createPublication(prisma);
    await issueWith(editor, publication.id, { title: "Tides", blocks: [text("Turbine news."), text("Grid news.")] });
    for (const query of ["-grid", "  -grid  -wind ", "-grid or -wind", '-"grid news"', "-grid or -the"]) {
      // Said back as typed (trimmed, as every query is), for the page to say why it searched nothing.
      expect(await searchSite(prisma, { publicationId: publication.id, query }), query).toEqual({ query: "", excludedOnly: query.trim(), page: 1, pages: 0, total: 0, results: [] });
    }
    // An excluded word beside one a story must hold still searches.
    const found = await searchSite(prisma, { publicationId: publication.id, query: "news -grid" });
    expect({ query: found.query, snippets: found.results.map((result) => plain(result.snippet)) }).toEqual({ query: "news -grid", snippets: ["Turbine news"] });
  });

  it("finds nothing, rather than failing, for a query holding a NUL or half an emoji", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const publication = await createPublication(prisma);
    await issueWith(editor, publication.id, { title: "Tides", blocks: [text("Turbine news.")] });
    for (const query of ["turbine\u0000", "turbine \uD83D", "\uDC00turbine"]) {
      expect(await searchSite(prisma, { publicationId: publication.id, query }), JSON.stringify(query)).toMatchObject({ query, total: 0, pages: 0, results: [] });
    }
    expect((await searchSite(prisma, { publicationId: publication.id, query: "turbine 🌊" })).query).toBe("turbine 🌊");
  });

  it("finds a correction's new text and no longer the old, the demo seed's issues, and issues published before search", async () => {
    const editor = await createUser(prisma, { role: "editor" });
    const publication = await createPublication(prisma);
    const issue = await issueWith(editor, publication.id, { title: "Output", blocks: [text("The array made 120 megawatts of nonsense.")] });
    // Found as published, so "no longer found" below is the correction's doing.
    expect((await searchSite(prisma, { publicationId: publication.id, query: "nonsense" })).total).toBe(1);
    const corrected = await correctIssue(prisma, editor, {
      issueId: issue.id,
      expectedVersion: issue.version,
      title: "Output",
      preheader: "",
      blocks: [text("The array made 12 megawatts of electricity.")],
      note: "12 MW, not 120.",
    });
    expect(corrected.ok).toBe(true);
    expect((await searchSite(prisma, { publicationId: publication.id, query: "nonsense" })).total).toBe(0);
    expect((await searchSite(prisma, { publicationId: publication.id, query: "electricity" })).total).toBe(1);

    await resetDatabase();
    await seedDemoContent(prisma);
    const demo = await prisma.publication.findFirstOrThrow();
    const sent = await prisma.issue.findMany({ where: { status: "sent" }, select: { id: true } });
    const indexed = await prisma.searchEntry.groupBy({ by: ["issueId"] });
    expect(indexed.map((row) => row.issueId).sort()).toEqual(sent.map((row) => row.id).sort());
    expect((await searchSite(prisma, { publicationId: demo.id, query: "battery storage" })).results[0]?.href).toMatch(/^\/issues\/\d+-[a-z0-9-]+#[a-z0-9-]+$/);

    // Issues published before search existed are indexed at the next start, once.
    await prisma.searchEntry.deleteMany();
    expect(await indexUnindexedIssues(prisma)).toBe(sent.length);
    expect(await indexUnindexedIssues(prisma)).toBe(0);
    expect((await prisma.searchEntry.groupBy({ by: ["issueId"] })).length).toBe(sent.length);
  });
});

describe("site search: the limit per address", () => {
  it("lets an address run 30 searches a minute, refuses the 31st with the wait, and counts each address on its own", async () => {
    expect(SEARCHES_PER_ADDRESS).toEqual({ limit: 30, windowMs: 60_000 });
    const now = new Date();
    const search = (ip: string, query = "tidal", at = now) => consumeSearchQuota(prisma, { ip, query, now: at });
    for (let i = 0; i < 30; i++) expect(await search("203.0.113.5", `tidal ${i}`)).toEqual({ allowed: true });
    expect(await search("203.0.113.5")).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(await search("203.0.113.5", "tidal", new Date(now.getTime() + 45_000))).toEqual({ allowed: false, retryAfterSeconds: 15 });
    // Another reader is not held back by this one.
    expect(await search("198.51.100.8")).toEqual({ allowed: true });
    // A new minute, a new allowance.
    expect(await search("203.0.113.5", "tidal", new Date(now.getTime() + 60_001))).toEqual({ allowed: true });
  });

  it("does not count a request without a query (it runs none), even from an address over the limit", async () => {
    const now = new Date();
    for (const query of ["", "   ", "\uE000\uE001"]) expect(await consumeSearchQuota(prisma, { ip: "203.0.113.6", query, now })).toEqual({ allowed: true });
    expect(await prisma.rateLimitBucket.count()).toBe(0);
    for (let i = 0; i < 31; i++) await consumeSearchQuota(prisma, { ip: "203.0.113.6", query: "grid", now });
    expect(await consumeSearchQuota(prisma, { ip: "203.0.113.6", query: "grid", now })).toMatchObject({ allowed: false });
    expect(await consumeSearchQuota(prisma, { ip: "203.0.113.6", query: " ", now })).toEqual({ allowed: true });
    expect(await prisma.rateLimitBucket.findMany({ select: { key: true, count: true } })).toEqual([{ key: "search:ip:203.0.113.6", count: 32 }]);
  });
});
