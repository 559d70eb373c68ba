import fs from "node:fs";
import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

/**
 * The browser tier needs Chromium. A newcomer's machine may not have it, and
 * `npm test` must still pass there, so the tier is left out with a notice;
 * CI (CI=true) always runs it, so a missing browser fails there instead.
 */
const chromium = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";
const browserTests = process.env.CI === "true" || fs.existsSync(chromium);
if (!browserTests) console.warn(`\nBrowser tests skipped: no Chromium at ${chromium} (apt-get install chromium, or set E2E_CHROMIUM).\n`);

const e2e: TestProjectInlineConfiguration = {
  resolve: { alias },
  test: {
    name: "e2e",
    include: ["tests/e2e/**/*.e2e.test.ts"],
    environment: "node",
    // Builds the app (unless E2E_SKIP_BUILD=1) and starts it on a fresh embedded database.
    globalSetup: ["tests/e2e/helpers/app.ts"],
    // One app and one browser story: files run one after another.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.{ts,tsx}"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.int.test.{ts,tsx}"],
          environment: "node",
          globalSetup: ["tests/helpers/global-setup.ts"],
          setupFiles: ["tests/helpers/integration-setup.ts"],
          // One database serves the whole tier and each file starts by emptying
          // it, so files run one after another.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...(browserTests ? [e2e] : []),
    ],
  },
});
