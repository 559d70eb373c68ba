/**
 * npm run bench:send — a whole send through the Resend transport, to a local
 * Resend-compatible server, by a worker in its own process (as `npm run worker`).
 *
 * (a) No rate limit, BENCH_RECIPIENTS (100,000) active subscribers: emails/s from
 *     the start until the issue is `sent`, and the worker's peak RSS (VmHWM).
 *     On the embedded database (PGlite over its socket) and on server Postgres.
 * (b) Resend's 2 requests/s, enforced by the server with 429s: emails/s achieved
 *     against the 200/s ceiling, and the 429s received.
 * (c) Baseline in the same run, on each database: the same send (same issue, same
 *     worker, claims, ledger, transport and server, HTML and text per message) by a
 *     worker that renders each recipient's email with react-email
 *     (naive-worker.ts), to a sample of BENCH_BASELINE_RECIPIENTS (2,000); the
 *     ratio of (a) to it. tests/unit/send-baseline.test.ts shows that both make
 *     the same messages.
 *
 * Every send starts with its worker already running and idle (started, connected),
 * as a deployed worker waits for sends: the clock runs from `startSend` until the
 * issue is `sent`, and the worker's start-up (a second or two of tsx) is in no
 * figure; it would weigh on the short baseline sample far more than on (a).
 *
 * The fake Resend server runs in a process of its own (fake-resend-process.ts),
 * as the provider is elsewhere, and PGlite, for embedded, in this one, as in the
 * launcher's: both are part of the measured system, on the same cores as the
 * worker. Each send also prints the CPU it cost per email in each process (worker,
 * fake server, this process, and the Postgres backends serving the bench
 * database), which shows what bounds it.
 *
 * Targets (issue #5): (a) ≥ 2,000 emails/s with RSS ≤ 500 MB; (b) ≥ 95% of the
 * ceiling, no 429; (c) (a) ≥ 50× the baseline. Printed, never asserted.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { createPrismaClient, type Database } from "../../lib/db/client.ts";
import { demoIssues } from "../../lib/demo/issues.ts";
import { startSend } from "../../lib/delivery/start-send.ts";
import type { FakeResendMessage, FakeResendSummary } from "./fake-resend-process.ts";
import { embeddedDatabase, serverDatabase } from "./databases.ts";
import { machineLine } from "./machine.ts";

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const LIMITED_RECIPIENTS = Number(process.env.BENCH_LIMITED_RECIPIENTS ?? 4_000);
const BASELINE_RECIPIENTS = Number(process.env.BENCH_BASELINE_RECIPIENTS ?? 2_000);
const SERVER_URL = process.env.BENCH_SERVER_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/weekly_bench";
const API_KEY = "re_bench";
const WORKERS = { pipeline: "scripts/worker.ts", naive: "tests/bench/naive-worker.ts" } as const;

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

/** The fake Resend server in its own process, returned once it listens. */
async function startFakeResendProcess(options: { apiKey: string; requestsPerSecond?: number }) {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/bench/fake-resend-process.ts"], {
    env: { ...process.env, FAKE_RESEND_API_KEY: options.apiKey, FAKE_RESEND_REQUESTS_PER_SECOND: String(options.requestsPerSecond ?? 0) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = <T extends FakeResendMessage["type"]>(type: T) =>
    new Promise<Extract<FakeResendMessage, { type: T }>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the fake Resend server exited with ${code}`));
      const onMessage = (message: FakeResendMessage) => {
        if (message.type !== type) return;
        child.off("message", onMessage).off("exit", onExit);
        resolve(message as Extract<FakeResendMessage, { type: T }>);
      };
      child.on("message", onMessage).once("exit", onExit);
    });
  const { url } = await next("ready");
  return {
    url,
    pid: child.pid!,
    summary(): Promise<FakeResendSummary> {
      const answer = next("summary");
      child.send("summary");
      return answer;
    },
    async close() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send("close");
      await exited;
    },
  };
}

/** A worker process, returned once it has started and had time to connect and go idle. */
async function startWorker(script: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const worker = spawn(process.execPath, ["--import", "tsx", script], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: worker.stdout! });
  await new Promise<void>((resolve, reject) => {
    lines.on("line", (line) => line.startsWith("Send worker") && resolve());
    worker.once("exit", (code) => reject(new Error(`worker exited with ${code} before starting`)));
  });
  // Its idle loop ticks every WORKER_IDLE_MS (20): by now it has connected and found nothing to do.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return worker;
}

async function runSend(options: { databaseUrl: string; pglite: boolean; recipients: number; rateLimit: number; serverLimit?: number; label: string; worker: keyof typeof WORKERS }) {
  const prisma = createPrismaClient(options.databaseUrl, { poolSize: options.pglite ? 1 : 10 });
  const issue = await seed(prisma, options.recipients, options.label.replace(/\W/g, ""));
  const server = await startFakeResendProcess({ apiKey: API_KEY, requestsPerSecond: options.serverLimit });
  const worker = await startWorker(WORKERS[options.worker], {
    NODE_ENV: "production",
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: options.pglite ? "1" : "10",
    RESEND_API_KEY: API_KEY,
    RESEND_BASE_URL: server.url,
    SEND_RATE_LIMIT: String(options.rateLimit),
    AUTH_SECRET: "bench-secret-that-is-long-enough-0123456789",
    WORKER_IDLE_MS: "20",
    // No web app runs here to tell that an issue was published.
    SITE_INTERNAL_URL: "http://127.0.0.1:9",
  });
  // CPU from here to the end, per process: the worker, the fake server, this process (PGlite when
  // embedded), and on server Postgres the backends serving this database (the worker's and this process's).
  const backends = options.pglite ? null : () => postgresBackendCpu(prisma);
  const cpuBefore = { worker: readCpuSeconds(worker.pid!), server: readCpuSeconds(server.pid), bench: process.cpuUsage(), postgres: await backends?.() };
  const started = performance.now();
  await startSend(prisma, { issueId: issue.id });
  let peakRss = 0;
  while ((await prisma.issue.findUniqueOrThrow({ where: { id: issue.id }, select: { status: true } })).status === "sending") {
    peakRss = Math.max(peakRss, readPeakRss(worker.pid!));
    if (worker.exitCode !== null) throw new Error(`worker exited with ${worker.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  peakRss = Math.max(peakRss, readPeakRss(worker.pid!));
  const benchCpu = process.cpuUsage(cpuBefore.bench);
  const postgresAfter = await backends?.();
  const cpuMicrosPerEmail = {
    worker: ((readCpuSeconds(worker.pid!) - cpuBefore.worker) * 1e6) / options.recipients,
    server: ((readCpuSeconds(server.pid) - cpuBefore.server) * 1e6) / options.recipients,
    bench: (benchCpu.user + benchCpu.system) / options.recipients,
    postgres: postgresAfter ? ([...postgresAfter].reduce((sum, [pid, seconds]) => sum + seconds - (cpuBefore.postgres?.get(pid) ?? 0), 0) * 1e6) / options.recipients : null,
  };
  worker.kill("SIGTERM");
  await new Promise((resolve) => worker.once("exit", resolve));
  const status = (await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).status;
  const { requests, delivered } = await server.summary();
  const tooMany = requests.filter((request) => request.status === 429).length;
  // From the worker's first request to its last: the send without the start and the end of the send.
  const sendingSeconds = ((requests.at(-1)?.at ?? 0) - (requests[0]?.at ?? 0)) / 1000;
  await server.close();
  await prisma.$disconnect();
  return { seconds, perSecond: options.recipients / seconds, sendingPerSecond: options.recipients / Math.max(sendingSeconds, 0.001), peakRssMb: peakRss / 1024, status, delivered, tooMany, requests: requests.length, cpuMicrosPerEmail };
}

/** User + system CPU of a process so far, in seconds (Linux clock ticks are 1/100 s). */
function readCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds so far of each backend connected to this database (on this machine's server). */
async function postgresBackendCpu(prisma: Database): Promise<Map<number, number>> {
  const rows = await prisma.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
  return new Map(rows.map(({ pid }) => [pid, readCpuSeconds(pid)]));
}

/** VmHWM: the most resident memory the process has had, in kB. */
function readPeakRss(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

type Result = Awaited<ReturnType<typeof runSend>>;

function report(label: string, result: Result) {
  console.log(
    `  ${label}: ${result.delivered.toLocaleString("en")} emails in ${result.seconds.toFixed(1)} s = ${result.perSecond.toFixed(0)} emails/s ` +
      `(${result.sendingPerSecond.toFixed(0)}/s from first to last request), ` +
      `worker peak RSS ${result.peakRssMb.toFixed(0)} MB, ${result.requests} requests, ${result.tooMany} × 429, status ${result.status}`,
  );
  const cpu = result.cpuMicrosPerEmail;
  console.log(
    `      CPU per email: worker ${cpu.worker.toFixed(0)} µs, fake Resend server ${cpu.server.toFixed(0)} µs, ` +
      (cpu.postgres === null ? `bench process (PGlite) ${cpu.bench.toFixed(0)} µs` : `bench process ${cpu.bench.toFixed(0)} µs, Postgres backends ${cpu.postgres.toFixed(0)} µs`),
  );
}

console.log(machineLine());
console.log("The fake Resend server runs in its own process, and PGlite (embedded) in this one: their CPU, on the same cores, is part of every figure.");

console.log(`\n(a) no rate limit, ${RECIPIENTS.toLocaleString("en")} recipients   (target ≥ 2,000 emails/s, RSS ≤ 500 MB)`);
console.log(`(c) baseline: the same send with react-email rendered per recipient (HTML + text), ${BASELINE_RECIPIENTS.toLocaleString("en")} recipients`);
const embedded = await embeddedDatabase();
const embeddedResult = await runSend({ databaseUrl: embedded.url, pglite: true, recipients: RECIPIENTS, rateLimit: 0, label: "Embedded", worker: "pipeline" });
report("(a) embedded PGlite", embeddedResult);
const embeddedBaseline = await runSend({ databaseUrl: embedded.url, pglite: true, recipients: BASELINE_RECIPIENTS, rateLimit: 0, label: "EmbeddedBaseline", worker: "naive" });
report("(c) embedded PGlite", embeddedBaseline);
await embedded.stop();
const server = await serverDatabase(SERVER_URL);
const serverResult = await runSend({ databaseUrl: server.url, pglite: false, recipients: RECIPIENTS, rateLimit: 0, label: "Server", worker: "pipeline" });
report("(a) server Postgres", serverResult);
const serverBaseline = await runSend({ databaseUrl: server.url, pglite: false, recipients: BASELINE_RECIPIENTS, rateLimit: 0, label: "ServerBaseline", worker: "naive" });
report("(c) server Postgres", serverBaseline);

console.log(`\n(b) Resend's limit, 2 requests/s (server answers 429 beyond it), ${LIMITED_RECIPIENTS.toLocaleString("en")} recipients, server Postgres`);
const limited = await runSend({ databaseUrl: server.url, pglite: false, recipients: LIMITED_RECIPIENTS, rateLimit: 2, serverLimit: 2, label: "Limited", worker: "pipeline" });
report("(b) rate-limited", limited);

const cell = (text: string, width: number) => text.padStart(width);
const row = (...cells: string[]) => console.log(`  ${cells[0]!.padEnd(18)}${cells.slice(1).map((text, i) => cell(text, [14, 14, 22, 10][i]!)).join("")}`);
console.log("\nSummary");
row("", "(a) emails/s", "peak RSS", "(c) baseline emails/s", "(a)/(c)");
for (const [label, send, baseline] of [["embedded PGlite", embeddedResult, embeddedBaseline], ["server Postgres", serverResult, serverBaseline]] as const) {
  row(label, send.perSecond.toFixed(0), `${send.peakRssMb.toFixed(0)} MB`, `${baseline.perSecond.toFixed(0)} (${BASELINE_RECIPIENTS.toLocaleString("en")})`, `${(send.perSecond / baseline.perSecond).toFixed(1)}×`);
}
console.log(
  `  (b) rate-limited: ${((limited.sendingPerSecond / 200) * 100).toFixed(0)}% of the 200 emails/s ceiling (first to last request), ${((limited.perSecond / 200) * 100).toFixed(0)}% from the start; ${limited.tooMany} × 429`,
);
console.log(`  targets: (a) ≥ 2,000 emails/s and ≤ 500 MB; (b) ≥ 95%, 0 × 429; (c) ≥ 50×`);
console.log(machineLine());
process.exit(0);
