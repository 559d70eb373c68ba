/**
 * The public site's layout at the narrowest phone width (320 px) and in the
 * dark theme: nothing wider than the screen, no layout shift while a page
 * loads and settles, axe's contrast rules in dark mode too, and a skip link.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./helpers/app";
import { serious } from "./helpers/axe";

const base = inject("e2eBaseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The site's public pages, found by following links the way a reader would. */
async function publicPages(context: BrowserContext): Promise<string[]> {
  const page = await context.newPage();
  await page.goto("/archive");
  const issue = await page.locator(".issue-list a").first().getAttribute("href");
  await page.close();
  expect(issue).toMatch(/^\/issues\//);
  return ["/", "/archive", issue!, "/topics", "/subscribe"];
}

describe("the public site's layout", () => {
  it("fits 320 px without sideways scrolling and does not shift while loading", async () => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 320, height: 640 } });
    // Layout shifts, counted from the first paint on (Cumulative Layout Shift, without user input).
    await context.addInitScript(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) w.__cls += entry.value;
        }
      }).observe({ type: "layout-shift", buffered: true });
    });
    const report: string[] = [];
    for (const path of await publicPages(context)) {
      const page = await context.newPage();
      await page.goto(path, { waitUntil: "networkidle" });
      // Scroll to the end and back, so lazy images and late scripts have their chance to move things.
      await page.evaluate(async () => {
        window.scrollTo(0, document.body.scrollHeight);
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        window.scrollTo(0, 0);
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      });
      const { overflow, cls, widest } = await page.evaluate(() => {
        const root = document.documentElement;
        let widest = "";
        for (const element of Array.from(document.querySelectorAll("body *"))) {
          if (element.getBoundingClientRect().right > root.clientWidth + 1) {
            widest = `${element.tagName.toLowerCase()}.${element.className}`;
            break;
          }
        }
        return { overflow: root.scrollWidth - root.clientWidth, cls: (window as unknown as { __cls: number }).__cls, widest };
      });
      report.push(`${path}: overflow ${overflow}px${widest ? ` (${widest})` : ""}, CLS ${cls.toFixed(4)}`);
      expect(overflow, report.join("\n")).toBeLessThanOrEqual(0);
      expect(cls, report.join("\n")).toBeLessThan(0.01);
      await page.close();
    }
    await context.close();
  });

  it("has no serious or critical accessibility violations in the dark theme", async () => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1100, height: 900 }, colorScheme: "dark" });
    const findings: string[] = [];
    for (const path of await publicPages(context)) {
      const page = await context.newPage();
      await page.goto(path);
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe("rgb(18, 18, 18)");
      findings.push(...serious(await new AxeBuilder({ page }).analyze(), `${path} (dark)`));
      await page.close();
    }
    await context.close();
    expect(findings, findings.join("\n")).toEqual([]);
  });

  it("lets a keyboard skip the bar: the first Tab shows 'Skip to content', and Enter moves focus past the search box", async () => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1100, height: 900 } });
    for (const path of await publicPages(context)) {
      const page = await context.newPage();
      await page.goto(path);
      await page.keyboard.press("Tab");
      const skip = page.getByRole("link", { name: "Skip to content" });
      expect(await skip.evaluate((link) => link === document.activeElement), path).toBe(true);
      const box = await skip.boundingBox();
      expect(box && box.x >= 0 && box.y >= 0, path).toBe(true);
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.id === "content");
      // The next Tab lands in the page itself, not on the bar's links or search box.
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest("#content"))), path).toBe(true);
      await page.close();
    }
    await context.close();
  });
});
