/**
 * npm run bench:send — a whole send through the Resend transport, to a local
 * Resend-compatible server, by a worker in its own process (as `npm run worker`).
 *
 * (a) No rate limit, BENCH_RECIPIENTS (100,000) active subscribers: emails/s from
 *     the start until the issue is `sent`, and the worker's peak RSS (VmHWM).
 *     On the embedded database (PGlite over its socket) and on server Postgres.
 * (b) Resend's 2 requests/s, enforced by the server with 429s: emails/s achieved
 *     against the 200/s ceiling, and the 429s received.
 * (c) Baseline in the same run: react-email rendered per recipient (a sample),
 *     as emails/s, and the ratio to (a).
 *
 * Targets (issue #5): (a) ≥ 2,000 emails/s with RSS ≤ 500 MB. Printed, never asserted.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createElement } from "react";
import { render } from "react-email";
import IssueEmail from "../../emails/issue.tsx";
import { createPrismaClient, type Database } from "../../lib/db/client.ts";
import { demoIssues } from "../../lib/demo/issues.ts";
import { startSend } from "../../lib/delivery/start-send.ts";
import { clearRichTextCache } from "../../lib/rich-text/parse-rich-text.ts";
import { startFakeResend } from "../helpers/fake-resend.ts";
import { embeddedDatabase, serverDatabase } from "./databases.ts";
import { machineLine, percentile, timeEach } from "./machine.ts";

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const LIMITED_RECIPIENTS = Number(process.env.BENCH_LIMITED_RECIPIENTS ?? 4_000);
const SERVER_URL = process.env.BENCH_SERVER_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/weekly_bench";
const API_KEY = "re_bench";

async function seed(prisma: Database, recipients: number, name: string) {
  const publication = await prisma.publication.create({
    data: { name, siteUrl: "https://news.example.com", senderName: name, senderEmail: "editor@news.example.com", replyTo: "letters@news.example.com" },
  });
  const number = (await prisma.issue.count()) + 1;
  const issue = await prisma.issue.create({
    data: {
      publicationId: publication.id,
      number,
      title: demoIssues[1]!.title,
      slug: `bench-${number}`,
      preheader: demoIssues[1]!.preheader,
      blocks: { create: demoIssues[1]!.blocks.map((block, position) => ({ position, type: block.type, data: block.data })) },
    },
  });
  for (let from = 0; from < recipients; from += 10_000) {
    const count = Math.min(10_000, recipients - from);
    await prisma.subscriber.createMany({
      data: Array.from({ length: count }, (_, i) => ({ publicationId: publication.id, email: `b${from + i}@${name.toLowerCase()}.example.com`, status: "active" as const })),
    });
  }
  return issue;
}

async function runSend(options: { databaseUrl: string; pglite: boolean; recipients: number; rateLimit: number; serverLimit?: number; label: string }) {
  const prisma = createPrismaClient(options.databaseUrl, { poolSize: options.pglite ? 1 : 10 });
  const issue = await seed(prisma, options.recipients, options.label.replace(/\W/g, ""));
  const server = await startFakeResend({ apiKey: API_KEY, countOnly: true, requestsPerSecond: options.serverLimit });
  const started = performance.now();
  await startSend(prisma, { issueId: issue.id });
  const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      DATABASE_POOL_SIZE: options.pglite ? "1" : "10",
      RESEND_API_KEY: API_KEY,
      RESEND_BASE_URL: server.url,
      SEND_RATE_LIMIT: String(options.rateLimit),
      AUTH_SECRET: "bench-secret-that-is-long-enough-0123456789",
      WORKER_IDLE_MS: "20",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let peakRss = 0;
  while ((await prisma.issue.findUniqueOrThrow({ where: { id: issue.id }, select: { status: true } })).status === "sending") {
    peakRss = Math.max(peakRss, readPeakRss(worker.pid!));
    if (worker.exitCode !== null) throw new Error(`worker exited with ${worker.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  peakRss = Math.max(peakRss, readPeakRss(worker.pid!));
  worker.kill("SIGTERM");
  await new Promise((resolve) => worker.once("exit", resolve));
  const status = (await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).status;
  const tooMany = server.requests.filter((request) => request.status === 429).length;
  // From the worker's first request to its last: the send itself, without the worker's start-up.
  const sendingSeconds = ((server.requests.at(-1)?.at ?? 0) - (server.requests[0]?.at ?? 0)) / 1000;
  await server.close();
  await prisma.$disconnect();
  return { seconds, perSecond: options.recipients / seconds, sendingPerSecond: options.recipients / Math.max(sendingSeconds, 0.001), peakRssMb: peakRss / 1024, status, delivered: server.deliveredCount(), tooMany, requests: server.requests.length };
}

/** VmHWM: the most resident memory the process has had, in kB. */
function readPeakRss(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function report(label: string, result: Awaited<ReturnType<typeof runSend>>) {
  console.log(
    `  ${label}: ${result.delivered.toLocaleString("en")} emails in ${result.seconds.toFixed(1)} s = ${result.perSecond.toFixed(0)} emails/s from the start ` +
      `(${result.sendingPerSecond.toFixed(0)}/s from the first request), ` +
      `worker peak RSS ${result.peakRssMb.toFixed(0)} MB, ${result.requests} requests, ${result.tooMany} × 429, status ${result.status}`,
  );
}

console.log(machineLine());
console.log(`\n(a) no rate limit, ${RECIPIENTS.toLocaleString("en")} recipients   (target ≥ 2,000 emails/s, RSS ≤ 500 MB)`);
const embedded = await embeddedDatabase();
const embeddedResult = await runSend({ databaseUrl: embedded.url, pglite: true, recipients: RECIPIENTS, rateLimit: 0, label: "Embedded" });
report("embedded PGlite", embeddedResult);
const server = await serverDatabase(SERVER_URL);
const serverResult = await runSend({ databaseUrl: server.url, pglite: false, recipients: RECIPIENTS, rateLimit: 0, label: "Server" });
report("server Postgres", serverResult);

console.log(`\n(b) Resend's limit, 2 requests/s (server answers 429 beyond it), ${LIMITED_RECIPIENTS.toLocaleString("en")} recipients, server Postgres`);
const limited = await runSend({ databaseUrl: server.url, pglite: false, recipients: LIMITED_RECIPIENTS, rateLimit: 2, serverLimit: 2, label: "Limited" });
report("rate-limited", limited);
console.log(`  ${((limited.sendingPerSecond / 200) * 100).toFixed(0)}% of the 200 emails/s ceiling, measured from the first request`);
await embedded.stop();

const { links: _links, ...view } = IssueEmail.PreviewProps;
const naive = await timeEach(200, async () => {
  clearRichTextCache();
  await render(createElement(IssueEmail, { ...view, links: { unsubscribeUrl: "https://news.example.com/u?t=x", preferencesUrl: "https://news.example.com/p?t=x" } }));
});
const naivePerSecond = 1000 / percentile(naive, 50);
console.log(`\n(c) baseline, react-email render per recipient (200 renders): median ${percentile(naive, 50).toFixed(2)} ms = ${naivePerSecond.toFixed(0)} emails/s before any sending`);
console.log(`  ratio, server Postgres send / naive render alone: ${(serverResult.perSecond / naivePerSecond).toFixed(1)}×; embedded: ${(embeddedResult.perSecond / naivePerSecond).toFixed(1)}×`);
process.exit(0);
