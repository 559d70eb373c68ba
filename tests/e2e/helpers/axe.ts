import type AxeBuilder from "@axe-core/playwright";

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
