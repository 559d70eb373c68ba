/**
 * The public site in a real browser: home → archive → issue → a story's
 * anchor, search → a result's anchor, the subscribe form and its confirmation
 * link, a draft's 404, the feeds, and axe on each page.
 */
import AxeBuilder from "@axe-core/playwright";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./helpers/app";
import { serious } from "./helpers/axe";

const base = inject("e2eBaseUrl");
let browser: Browser;
let page: Page;
const findings: string[] = [];

async function audit(name: string) {
  findings.push(...serious(await new AxeBuilder({ page }).analyze(), `${name} (${new URL(page.url()).pathname})`));
}

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext({ baseURL: base, viewport: { width: 1100, height: 900 } })).newPage();
  page.setDefaultTimeout(30_000);
});
afterAll(async () => {
  await browser?.close();
});

describe("the public site", () => {
  it("goes from the home page to the archive, to an issue, to a story's anchor", async () => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Grid Notes");
    await audit("home");
    await page.getByRole("link", { name: "All issues →" }).click();
    await page.waitForURL("**/archive");
    await audit("archive");
    const first = page.locator(".issue-list h2 a").last();
    const title = await first.textContent();
    await first.click();
    await page.waitForURL(/\/issues\/1-/);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(title);
    // The demo issues have no pictures: a link preview without one, and no og:image.
    expect(await page.locator('meta[property="og:image"]').count()).toBe(0);
    expect(await page.locator('meta[name="twitter:card"]').getAttribute("content")).toBe("summary");
    await audit("issue");
    // Every story has an anchor; following one lands on the story.
    const anchor = page.locator("a.anchor").first();
    const href = await anchor.getAttribute("href");
    expect(href).toMatch(/^#[a-z0-9-]+$/);
    await page.goto(`${page.url().split("#")[0]}${href}`);
    const targeted = await page.evaluate(() => document.querySelector(":target")?.id);
    expect(`#${targeted}`).toBe(href);
    // A short link shows the issue, and the address bar its canonical address (the anchor kept).
    await page.goto(`/issues/1${href}`);
    await page.waitForURL((url) => /^\/issues\/1-[a-z0-9-]+$/.test(url.pathname) && url.hash === href);
    // Previous/next navigation between issues.
    await page.getByRole("link", { name: /^#2:/ }).click();
    await page.waitForURL(/\/issues\/2-/);
  });

  it("searches from the header, and a result lands on its story's anchor", async () => {
    await page.goto("/archive");
    await page.getByRole("searchbox", { name: "Search the archive" }).first().fill("battery storage auction");
    await page.getByRole("searchbox", { name: "Search the archive" }).first().press("Enter");
    await page.waitForURL(/\/search\?q=battery/);
    await audit("search");
    expect(await page.getByRole("status").textContent()).toMatch(/^\d+ results? for “battery storage auction”$/);
    const first = page.locator(".search-results h2 a").first();
    expect(await first.locator("mark").count()).toBeGreaterThan(0);
    const href = await first.getAttribute("href");
    expect(href).toMatch(/^\/issues\/\d+-[a-z0-9-]+#[a-z0-9-]+$/);
    await first.click();
    await page.waitForURL((url) => url.hash === `#${href!.split("#")[1]}`);
    await page.waitForFunction((id) => document.querySelector(":target")?.id === id, href!.split("#")[1]);
    expect(await page.locator(":target h3, :target h2").first().textContent()).toMatch(/battery storage/i);
  });

  it("limits searches to 30 a minute per address: the 31st is answered 429 with a message, and an empty search is free", async () => {
    const search = (q: string, ip: string, headers: Record<string, string> = {}) => fetch(`${base}/search?${new URLSearchParams({ q })}`, { headers: { "X-Forwarded-For": ip, ...headers } });
    for (let i = 0; i < 29; i++) expect((await search(`grid ${i}`, "203.0.113.77")).status).toBe(200);
    // A client-side navigation (an RSC request, as the result pages' links make) counts as a search too.
    const clientSide = await fetch(`${base}/search?q=grid&_rsc=`, { redirect: "manual", headers: { "X-Forwarded-For": "203.0.113.77", RSC: "1" } });
    expect(clientSide.status).toBe(200);
    expect(clientSide.headers.get("content-type")).toContain("text/x-component");
    for (let i = 0; i < 3; i++) expect((await search("", "203.0.113.77")).status).toBe(200);
    const refused = await search("grid", "203.0.113.77");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const html = await refused.text();
    expect(html).toContain("Too many searches from your address in the last minute.");
    expect(html).not.toContain("search-results");
    // The empty search page is still served to that address; another address searches as before.
    expect((await search("", "203.0.113.77")).status).toBe(200);
    const other = await search("battery", "198.51.100.77");
    expect(other.status).toBe(200);
    expect(await other.text()).toContain("search-results");
    // The header by which the proxy tells the page is its own: a caller's copy changes nothing.
    const forged = await search("battery", "198.51.100.78", { "x-weekly-search-limited": "60" });
    expect(forged.status).toBe(200);
    expect(await forged.text()).not.toContain("Too many searches");

    // What a reader sees.
    const limited = await browser.newContext({ baseURL: base, extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.77" } });
    try {
      const reader = await limited.newPage();
      const response = await reader.goto("/search?q=grid");
      expect(response?.status()).toBe(429);
      await reader.getByRole("alert").getByText(/Too many searches from your address in the last minute\. Try again in \d+ seconds?\./).waitFor();
      expect(await reader.getByRole("searchbox", { name: "Search the archive" }).last().inputValue()).toBe("grid");
      findings.push(...serious(await new AxeBuilder({ page: reader }).analyze(), "search, limited"));
    } finally {
      await limited.close();
    }
  });

  it("subscribes from the form and answers the same for an address already on the list", async () => {
    await page.goto("/subscribe");
    await audit("subscribe");
    await page.getByLabel("Email").fill("new-reader@example.com");
    await page.getByRole("button", { name: "Subscribe" }).click();
    const done = await page.getByRole("status").textContent();
    expect(done).toContain("check new-reader@example.com");
    await page.goto("/subscribe");
    await page.getByLabel("Email").fill("ada@readers.example");
    await page.getByRole("button", { name: "Subscribe" }).click();
    expect(await page.getByRole("status").textContent()).toBe(done!.replace("new-reader@example.com", "ada@readers.example"));
  });

  it("confirms a sign-up from the emailed link's button, names the reader as they typed, and mails the welcome after the answer", async () => {
    const database = new pg.Client({ connectionString: inject("e2eDatabaseUrl") });
    await database.connect();
    try {
      await page.goto("/subscribe");
      await page.getByLabel("Email").fill("confirming-reader@example.com");
      await page.getByLabel("Name (optional)").fill("Rosalind F.");
      await page.getByRole("button", { name: "Subscribe" }).click();
      await page.getByRole("status").waitFor();
      // The confirmation is mailed after the response: wait for it to land in the outbox.
      const mailed = async (subject: string) =>
        (await database.query<{ text: string }>(`SELECT "text" FROM "OutboxMessage" WHERE "toAddress" = $1 AND "subject" LIKE $2`, ["confirming-reader@example.com", `${subject}%`])).rows;
      await expect.poll(async () => (await mailed("Confirm your subscription")).length, { timeout: 20_000 }).toBe(1);
      const [confirmation] = await mailed("Confirm your subscription");
      const link = /https?:\/\/\S+\/confirm\?token=\S+/.exec(confirmation!.text)![0];
      const reader = async () => (await database.query<{ status: string; name: string | null }>(`SELECT "status", "name" FROM "Subscriber" WHERE "email" = $1`, ["confirming-reader@example.com"])).rows[0];
      expect(await reader()).toEqual({ status: "pending", name: null });

      await page.goto(new URL(link).pathname + new URL(link).search);
      await audit("confirm");
      // Opening the link confirms nothing: the button does. The name typed with the request is there to check.
      expect((await reader())?.status).toBe("pending");
      expect(await page.getByLabel("Your name, to greet you (optional)").inputValue()).toBe("Rosalind F.");
      await page.getByRole("button", { name: "Confirm my subscription" }).click();
      await page.getByRole("heading", { name: "You are subscribed" }).waitFor();
      expect(await reader()).toEqual({ status: "active", name: "Rosalind F." });
      await expect.poll(async () => (await mailed("Welcome")).length, { timeout: 20_000 }).toBe(1);

      // The same link again: already subscribed, and no second welcome.
      await page.goto(new URL(link).pathname + new URL(link).search);
      await page.getByRole("button", { name: "Confirm my subscription" }).click();
      await page.getByRole("heading", { name: "You are already subscribed" }).waitFor();
      expect((await mailed("Welcome")).length).toBe(1);
    } finally {
      await database.end();
    }
  });

  it("answers 404 for a draft, and serves valid-looking feeds", async () => {
    // Demo issue #3 is a draft.
    expect((await fetch(`${base}/issues/3`)).status).toBe(404);
    for (const [path, type] of [["/feed.xml", "application/rss+xml"], ["/atom.xml", "application/atom+xml"], ["/feed.json", "application/feed+json"]] as const) {
      const response = await fetch(base + path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toContain(type);
    }
  });

  it("lets no other site frame its pages but /embed, and sends every page with nosniff and a referrer policy", async () => {
    // Twice each: the second answer of a public page may come from the front's cache, which must keep the headers.
    const paths = ["/", "/archive", "/issues/1", "/subscribe", "/sign-in", "/editor", "/unsubscribe?token=x", "/feed.xml", "/embed"];
    for (const path of [...paths, ...paths]) {
      const response = await fetch(base + path, { redirect: "manual" });
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      if (path === "/embed") {
        expect(response.headers.get("content-security-policy"), path).toBe("frame-ancestors *");
        expect(response.headers.get("x-frame-options"), path).toBeNull();
      } else {
        expect(response.headers.get("content-security-policy"), path).toBe("frame-ancestors 'none'");
        expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      }
    }
    await page.goto("/embed");
    await audit("embed");
    // The publication's colours: asked again on every page, and answered 304 while they are the same.
    const css = await fetch(`${base}/brand.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.headers.get("cache-control")).toBe("public, no-cache");
    const again = await fetch(`${base}/brand.css`, { headers: { "If-None-Match": css.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });

  it("has no serious or critical accessibility violations on the pages it visited", () => {
    expect(findings, findings.join("\n")).toEqual([]);
  });
});
