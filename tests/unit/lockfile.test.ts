import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { missingOptionalPackages } from "../../scripts/complete-lockfile.ts";

describe("package-lock.json", () => {
  it("records every optional platform package, so `npm ci` accepts it (run `npm run lock:complete`)", () => {
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
    expect([...missingOptionalPackages(lock).keys()]).toEqual([]);
  });

  it("finds an optional package that no path resolves, and not one a parent folder holds", () => {
    const lock = {
      packages: {
        "": { dependencies: {} },
        "node_modules/next": { optionalDependencies: { "@next/swc-darwin-arm64": "16.4.6", sharp: "0.34.5" } },
        "node_modules/sharp": { version: "0.34.5" },
      },
    };
    expect(missingOptionalPackages(lock)).toEqual(new Map([["node_modules/@next/swc-darwin-arm64", "16.4.6"]]));
  });

  it("refuses to guess a version from a range", () => {
    const lock = { packages: { "node_modules/x": { optionalDependencies: { "x-darwin": "^1.0.0" } } } };
    expect(() => missingOptionalPackages(lock)).toThrow(/x-darwin@\^1.0.0, not an exact version/);
  });
});
