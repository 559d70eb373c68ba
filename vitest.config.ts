import fs from "node:fs";
import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

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

/**
 * The e2e files share one app. The editor story sets up the first owner (its
 * first step needs a server without members), so it runs before the other
 * browser files, which sign in as that owner; everything else keeps vitest's order.
 */
class EditorStoryFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const story = sorted.findIndex((file) => file.moduleId.endsWith("tests/e2e/editor.e2e.test.ts"));
    const firstE2e = sorted.findIndex((file) => file.moduleId.includes("/tests/e2e/"));
    if (story <= firstE2e) return sorted;
    const [editor] = sorted.splice(story, 1);
    sorted.splice(firstE2e, 0, editor!);
    return sorted;
  }
}

export default defineConfig({
  resolve: { alias },
  test: {
    sequence: { sequencer: EditorStoryFirst },
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
