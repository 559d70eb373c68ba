import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

describe("the launcher", () => {
  it("stops at start with the name of a malformed variable, before touching any data", async () => {
    const result = await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), ["scripts/launch.ts", "dev"], {
      env: { ...process.env, DATABASE_URL: "", EMBEDDED_DB_PORT: "not-a-port", DATA_DIR: "/nonexistent/never-created" },
      encoding: "utf8",
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('EMBEDDED_DB_PORT: must be a number (got "not-a-port")');
  });
});
