/**
 * npm run bench:site — the public site under load: a production build
 * (`npm run build`, skipped with BENCH_SKIP_BUILD=1 when one exists) started
 * by the launcher on a fresh embedded database with the demo content (as the
 * e2e tier does, tests/e2e/helpers/app.ts), then autocannon at BENCH_CONNECTIONS
 * (100) connections for BENCH_SECONDS (20) s each on an issue page, the home
 * page and the RSS feed: requests/s, p50 and p99 latency. These go through
 * the launcher's front (lib/front/start-front.ts), as `npm start` serves them;
 * the issue page is also loaded on Next directly (on its port behind the front),
 * to show what the front adds.
 *
 * Baseline in the same run: the same issue page's HTML served as a file by
 * sirv (a Node static server, its own process), the ceiling for any Node
 * server; printed with the issue page's ratio to it.
 *
 * Targets (web archive issue): issue page ≥ 1,500 req/s, within 3× of the
 * static ceiling, p99 ≤ 100 ms. Printed, never asserted. The load generator
 * shares the machine with the server: on 2 cores, both are measured together.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import { freePort } from "../../scripts/lib/free-port.ts";
import { startApp } from "../e2e/helpers/app.ts";
import { machineLine } from "./machine.ts";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

async function load(label: string, url: string): Promise<Result> {
  // A short warm-up first: the first requests render and fill the caches, and the JIT warms.
  await autocannon({ url, connections: 10, duration: 2 });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  const problems = result.errors + result.timeouts + result.non2xx;
  console.log(
    `${label.padEnd(22)} ${Math.round(result.requests.average).toLocaleString("en-US").padStart(7)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms${
      problems ? `   (${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)` : ""
    }`,
  );
  return result;
}

async function startStatic(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["tests/bench/serve-static.ts", dir, String(port)], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the static server stopped (exit ${code})`)));
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
  });
  return { url: `http://127.0.0.1:${port}/`, child };
}

console.log(machineLine());
console.log(`autocannon: ${CONNECTIONS} connections, ${SECONDS} s per target\n`);
const app = await startApp({ skipBuild: process.env.BENCH_SKIP_BUILD === "1", logQueries: false, tempPrefix: "weekly-bench-site-" });
const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), "weekly-bench-static-"));
let staticServer: ChildProcess | undefined;
try {
  // The canonical address of demo issue #1 (/issues/1 names it).
  const short = await (await fetch(`${app.baseUrl}/issues/1`)).text();
  const issueUrl = `${app.baseUrl}${new URL(/<link rel="canonical" href="([^"]+)"/.exec(short)![1]!).pathname}`;
  const html = await (await fetch(issueUrl)).text();
  fs.writeFileSync(path.join(staticDir, "index.html"), html);
  console.log(`issue page: ${new URL(issueUrl).pathname} (${(Buffer.byteLength(html) / 1024).toFixed(1)} KiB of HTML)\n`);

  const issue = await load("issue page", issueUrl);
  await load("home page", `${app.baseUrl}/`);
  await load("RSS feed", `${app.baseUrl}/feed.xml`);
  const direct = await load("issue page, Next alone", `${app.nextUrl}${new URL(issueUrl).pathname}`);
  const started = await startStatic(staticDir);
  staticServer = started.child;
  const ceiling = await load("static (sirv) ceiling", started.url);

  const ratio = ceiling.requests.average / issue.requests.average;
  const versus = (r: number) => (r >= 1 ? `${r.toFixed(2)}× slower than` : `${(1 / r).toFixed(2)}× as fast as`);
  console.log(`\nissue page: ${versus(ratio)} the static ceiling (target: at most 3× slower); Next alone, without the front: ${versus(ceiling.requests.average / direct.requests.average)} it`);
  console.log(`targets: issue page ≥ 1,500 req/s (${Math.round(issue.requests.average).toLocaleString("en-US")}), p99 ≤ 100 ms (${issue.latency.p99} ms)`);
  console.log(machineLine());
} finally {
  staticServer?.kill();
  fs.rmSync(staticDir, { recursive: true, force: true });
  await app.stop();
}
