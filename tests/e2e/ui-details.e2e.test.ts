/**
 * Details a reader or an editor meets at the edges: the editor's tables on a
 * 375 px phone, the messages of sign-in, tagging, the archive and the
 * confirmation page, the page-not-found page and the site's icon. It signs in
 * as the owner the editor story set up (that file runs first, see
 * vitest.config.ts), or sets the owner up itself when run alone.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./helpers/app";
import { OWNER, openSignInSettingUpOwner } from "./helpers/owner";

const base = inject("e2eBaseUrl");


/** How much wider than the window the page is (0: no sideways scrolling). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.sequential("details at the edges, in a browser", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const iconRequests: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ baseURL: base, viewport: { width: 375, height: 800 } });
    context.setDefaultTimeout(30_000);
    context.on("request", (request) => {
      if (new URL(request.url()).pathname === "/favicon.ico") iconRequests.push(request.url());
    });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("drops a wrong password's message once the reader switches to a sign-in link, then signs in", async () => {
    await openSignInSettingUpOwner(page);
    await page.getByRole("radio", { name: "Use a password" }).check();
    await page.getByRole("textbox", { name: "Email", exact: true }).fill(OWNER.email);
    await page.getByLabel("Password", { exact: true }).fill("not the password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.locator("p.error").getByText("That email and password do not match an account.").waitFor();
    await page.getByRole("radio", { name: "Email me a link" }).check();
    expect(await page.locator("p.error").count()).toBe(0);
    // A link "sent" to the outbox: a message with a long address for the next test.
    await page.getByRole("button", { name: "Send me a sign-in link" }).click();
    await page.waitForURL(/\/sign-in\/check-email\?/);

    await page.goto("/sign-in");
    await page.getByRole("radio", { name: "Use a password" }).check();
    await page.getByRole("textbox", { name: "Email", exact: true }).fill(OWNER.email);
    await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${base}/editor`);
  });

  it("fits the editor's tables and an outbox message into 375 px: a wide table scrolls on its own, long links wrap", async () => {
    for (const path of ["/editor", "/editor/subscribers", "/editor/team"]) {
      await page.goto(path);
      expect(await overflow(page), path).toBe(0);
    }
    // The subscribers table is wider than the phone: it keeps its columns and scrolls inside its box.
    await page.goto("/editor/subscribers");
    // Its filter bar wraps rather than squeezing: each control keeps a readable width (they were 56 px: "Em", "An").
    const filters = await page.locator("form.search").locator("input[type=search], select").all();
    expect(filters).toHaveLength(4);
    for (const control of filters) expect((await control.boundingBox())!.width).toBeGreaterThanOrEqual(160);
    const box = page.getByRole("region", { name: "Subscribers" });
    expect(await box.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    // A keyboard scrolls it too: the box takes focus, and the arrow keys move it sideways.
    await box.focus();
    for (let press = 0; press < 3; press++) await page.keyboard.press("ArrowRight");
    await expect.poll(() => box.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);

    // The sign-in link lands in the outbox after the response: wait for it.
    await expect
      .poll(async () => {
        await page.goto(`/editor/outbox?to=${encodeURIComponent(OWNER.email)}`);
        return page.getByRole("link", { name: /^Sign in to / }).count();
      })
      .toBeGreaterThan(0);
    expect(await overflow(page), "/editor/outbox").toBe(0);
    await page.getByRole("link", { name: /^Sign in to / }).first().click();
    await page.waitForURL(/\/editor\/outbox\/[^/?]+$/);
    const link = await page.locator("ul.links a", { hasText: "/api/auth/callback/email" }).first().textContent();
    expect(link!.length).toBeGreaterThan(60);
    expect(await overflow(page), page.url()).toBe(0);
  });

  it("asks in words for a ticked subscriber when tagging with none ticked", async () => {
    await page.goto("/editor/subscribers");
    await page.getByRole("button", { name: "Add tag" }).click();
    await page.waitForURL(/error=/);
    expect(await page.locator("p.error").textContent()).toBe("Tick at least one subscriber to tag.");

    // The words are signed (lib/web/page-message.ts): a crafted link, or ours with its words changed, shows none.
    const ours = new URL(page.url());
    ours.searchParams.set("error", "Your account is locked. Call +1 555 0100.");
    for (const crafted of ["/editor/subscribers?error=Your+account+is+locked.+Call+%2B1+555+0100.", `${ours.pathname}${ours.search}`]) {
      await page.goto(crafted);
      await page.getByRole("heading", { level: 1 }).waitFor();
      expect(await page.locator("p.error").count(), crafted).toBe(0);
      expect(await page.getByText("Call +1 555 0100").count(), crafted).toBe(0);
    }
  });

  it("answers an unknown address and an unknown issue with 404, the site's header and a way home", async () => {
    for (const path of ["/no-such-page", "/issues/999"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      expect(await page.getByRole("heading", { level: 1 }).textContent(), path).toBe("Page not found");
      expect(await page.locator("header.site-bar").count(), path).toBe(1);
      expect(await page.getByRole("searchbox", { name: "Search the archive" }).count(), path).toBe(1);
      expect(await page.getByRole("link", { name: "Go to the home page" }).getAttribute("href"), path).toBe("/");
    }
  });

  it("says a year without issues has none, and offers the others", async () => {
    await page.goto("/archive?year=1999");
    expect(await page.locator(".empty").textContent()).toBe("No issues were published in 1999. Choose another year above, or see all issues.");
    expect(await page.getByRole("link", { name: "see all issues" }).getAttribute("href")).toBe("/archive");
    expect(await page.getByRole("navigation", { name: "Years" }).getByRole("link").count()).toBeGreaterThan(1);
  });

  it("says a confirmation link without its token is incomplete, not expired", async () => {
    await page.goto("/confirm");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("This link is incomplete or invalid");
  });

  it("has an icon, so no page asks for /favicon.ico", async () => {
    await page.goto("/");
    const href = await page.locator('link[rel="icon"]').getAttribute("href");
    const icon = await fetch(new URL(href!, base));
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    expect(iconRequests).toEqual([]);
  });
});
