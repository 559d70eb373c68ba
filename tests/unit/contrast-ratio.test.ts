import { describe, expect, it } from "vitest";
import { contrastRatio } from "../../lib/text/contrast-ratio.ts";

describe("WCAG contrast ratio", () => {
  it("matches the published figures, whichever colour comes first", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    // #767676 is the lightest grey that passes AA on white (4.54:1); #777777 fails (4.48:1).
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#ffffff", "#777777")).toBeCloseTo(4.48, 2);
    expect(contrastRatio("#0f766e", "#ffffff")).toBeGreaterThan(4.5);
    expect(contrastRatio("#ffd700", "#ffffff")).toBeLessThan(2);
  });
});
