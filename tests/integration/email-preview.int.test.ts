import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import IssueEmail from "../../emails/issue.tsx";
import { freePort } from "../../scripts/lib/free-port.ts";

describe("the react-email preview server (npm run email:dev)", () => {
  let stop = () => {};
  afterAll(() => stop());

  it("lists the issue template and renders it with its PreviewProps", async () => {
    const port = await freePort();
    const child = spawn(path.resolve("node_modules/.bin/email"), ["dev", "--dir", "emails", "--port", String(port)], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    stop = () => {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
    };

    // Poll until the page answers with the rendered issue; the overall test timeout bounds the wait.
    let page = "";
    while (!page.includes(IssueEmail.PreviewProps.issue.title)) {
      if (child.exitCode !== null) throw new Error(`email dev exited (${child.exitCode}):\n${output}`);
      page = await fetch(`http://127.0.0.1:${port}/preview/issue`).then(
        (response) => (response.ok ? response.text() : ""),
        () => "",
      );
      if (!page) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(page).toContain(IssueEmail.PreviewProps.publication.name);
    expect(page).toContain(IssueEmail.PreviewProps.publication.postalAddress);
  }, 120_000);
});
