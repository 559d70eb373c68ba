import type AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";

export type AxeResults = Awaited<ReturnType<AxeBuilder["analyze"]>>;

/** The serious and critical violations, one readable line per rule with its targets. */
export function serious(results: AxeResults, where: string): string[] {
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => {
      const nodes = violation.nodes.map((node) => `    - ${node.target.map(String).join(" ")}: ${(node.failureSummary ?? "").replace(/\s+/g, " ").trim()}`);
      return `${where}: [${violation.impact}] ${violation.id}: ${violation.help}\n${nodes.join("\n")}`;
    });
}

/**
 * Waits (up to 5 s) for the page to have a non-empty <title>, before an axe run: after a client-side
 * navigation the URL changes before the new page's title is in place. A page that never gets one
 * still fails, through axe's document-title rule.
 */
export async function titleInPlace(page: Page): Promise<void> {
  await page.waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 5_000 }).catch(() => {});
}
