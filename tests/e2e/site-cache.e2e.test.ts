/**
 * The public site's caching against the production build: a cached issue page,
 * home page, archive, feed, sitemap and topic pages make no database query (the app's Next process
 * logs every query it makes, DATABASE_QUERY_LOG), whether asked of Next or of
 * the launcher's front, which answers repeats itself; a change stays invisible until
 * the site is revalidated the way the send worker does it (POST /api/revalidate
 * with a signed token), then shows; forged and expired tokens are refused.
 * (A correction from the editor revalidates too: tests/e2e/editor.e2e.test.ts.)
 */
import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { requestSiteRevalidation } from "../../lib/web/request-site-revalidation";
import { revalidationToken, REVALIDATION_TOKEN_TTL_MS } from "../../lib/web/revalidation-token";
import { E2E_AUTH_SECRET } from "./helpers/app";

const base = inject("e2eBaseUrl");
const nextUrl = inject("e2eNextUrl");
const queryLog = inject("e2eQueryLog");
const database = new pg.Client({ connectionString: inject("e2eDatabaseUrl") });

const queriesSoFar = () => (fs.existsSync(queryLog) ? fs.readFileSync(queryLog, "utf8").split("\n").filter(Boolean).length : 0);

async function get(path: string, at = base): Promise<{ status: number; body: string; front: string | null }> {
  const response = await fetch(at + path);
  return { status: response.status, body: await response.text(), front: response.headers.get("x-front-cache") };
}

/** Demo issue #1's canonical path: /issues/1 shows the issue and names it (no redirect: see components/site/canonical-address.tsx). */
async function issueOnePath(): Promise<string> {
  const { status, body } = await get("/issues/1");
  expect(status).toBe(200);
  const canonical = /<link rel="canonical" href="([^"]+)"/.exec(body)?.[1];
  expect(canonical).toMatch(/\/issues\/1-[a-z0-9-]+$/);
  // The demo publication was seeded with the app's own address (the launcher's APP_URL).
  expect(new URL(canonical!).origin).toBe(new URL(base).origin);
  return new URL(canonical!).pathname;
}

/** The page's body, and how many queries the app made to answer it. */
async function counted(path: string, at = base) {
  const before = queriesSoFar();
  const page = await get(path, at);
  return { ...page, queries: queriesSoFar() - before };
}

beforeAll(async () => {
  await database.connect();
});
afterAll(async () => {
  await database.end();
});

describe("the cached site", () => {
  it("answers a second request for an issue page, the home page, the archive and the feed without a database query", async () => {
    const issuePage = await issueOnePath();
    // Next's own caches, asked directly: what answers when the front has let a page go, and in development.
    for (const path of [issuePage, "/", "/archive", "/feed.xml", "/sitemap.xml", "/topics", "/topics/research"]) {
      const first = await counted(path, nextUrl);
      expect(first.status, path).toBe(200);
      const second = await counted(path, nextUrl);
      expect(second.status, path).toBe(200);
      // The issue page is served as it was stored; the others are rendered again from cached reads.
      if (path === issuePage || path === "/feed.xml") expect(second.body, path).toBe(first.body);
      expect(second.queries, path).toBe(0);
    }
    // Through the launcher's front, as readers come: pages marked for shared caches are answered from its memory.
    for (const path of [issuePage, "/", "/feed.xml"]) {
      await get(path);
      const again = await counted(path);
      expect(again.front, path).toBe("HIT");
      expect(again.queries, path).toBe(0);
    }
    expect((await get("/archive")).front).toBe("MISS");
    // Shared caches may keep the issue page 5 minutes; browsers get no stale-while-revalidate
    // window, so a reader coming back after a correction is never shown their old copy.
    for (const path of [issuePage, "/"]) expect((await fetch(base + path)).headers.get("cache-control"), path).toBe("s-maxage=300");
    // The home page is served from /home/latest (a rewrite); no other edition exists.
    expect((await get("/home/elsewhere")).status).toBe(404);
    // The log does record the queries of an uncached page (a search), so zero above means none.
    expect((await counted("/search?q=storage")).queries).toBeGreaterThan(0);
  });

  it("shows a change only once revalidated as the worker does it, and refuses forged or expired tokens", async () => {
    const issuePage = await issueOnePath();
    const { body: before } = await get(issuePage);
    const title = (await database.query<{ title: string }>(`SELECT "title" FROM "Issue" WHERE "number" = 1`)).rows[0]!.title;
    const revised = `${title} (revised)`;
    expect(before).toContain(escapeText(title));
    for (const path of [issuePage, "/", "/feed.xml"]) expect((await get(path)).status, path).toBe(200);
    await database.query(`UPDATE "Issue" SET "title" = $1 WHERE "number" = 1`, [revised]);
    try {
      // Cached: the page, the home page and the feed still show the old title.
      for (const path of [issuePage, "/", "/feed.xml"]) expect((await get(path)).body, path).not.toContain("(revised)");

      const revalidate = (token: string) => fetch(`${base}/api/revalidate`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
      const expired = revalidationToken(E2E_AUTH_SECRET, Date.now() - REVALIDATION_TOKEN_TTL_MS - 1000);
      const forged = revalidationToken("not-the-secret-0123456789abcdefghijklmnopqrstuvwxyz");
      for (const token of [expired, forged, "garbage"]) expect((await revalidate(token)).status).toBe(401);
      expect((await fetch(`${base}/api/revalidate`, { method: "POST" })).status).toBe(401);
      // Nor can anyone but the app empty the front.
      expect((await fetch(`${base}/_front/purge`, { method: "POST", headers: { "x-front-purge-secret": "guess" } })).status).toBe(403);
      expect((await get(issuePage)).body).not.toContain("(revised)");

      expect(await requestSiteRevalidation({ siteUrl: base, secret: E2E_AUTH_SECRET })).toBe(true);
      for (const path of [issuePage, "/", "/feed.xml"]) expect((await get(path)).body, path).toContain(escapeText(revised));
    } finally {
      await database.query(`UPDATE "Issue" SET "title" = $1 WHERE "number" = 1`, [title]);
      await requestSiteRevalidation({ siteUrl: base, secret: E2E_AUTH_SECRET });
    }
  });
});

/** How HTML and XML write text: the demo titles have no quotes, but may have "&". */
function escapeText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;");
}
