/**
 * A send worker as its own process, as `npm run worker` runs it. SIGTERM and
 * SIGINT stop it after the batch in hand; a SIGKILL leaves that batch to be
 * reclaimed when its lease runs out.
 */
import { setFlagsFromString } from "node:v8";
import { signingSecret } from "../../lib/auth/signing-secret";
import { config } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import { selectTransport } from "../../lib/delivery/select-transport";
import { createWorker, type WorkerOptions } from "../../lib/delivery/worker";
import { requestSiteRevalidation } from "../../lib/web/request-site-revalidation";
import { loadDotEnv } from "./env";

/** `prepareEmail` is for the send benchmark's baseline worker (tests/bench/naive-worker.ts); `npm run worker` passes nothing. */
export async function runWorkerProcess(overrides: Pick<WorkerOptions, "prepareEmail"> = {}) {
  // A send allocates each batch's emails and its request body (a few MB) and drops them a moment
  // later. V8 would let the heap grow to several times what is live before collecting; at most
  // twice keeps a 100,000-recipient send's peak RSS near 360 MB instead of 420–550 MB, for the same
  // throughput (npm run bench:send). No hard cap: a large import may still use what it needs.
  setFlagsFromString("--heap-growing-percent=100");
  loadDotEnv();
  const cfg = config();
  if (!cfg.DATABASE_URL) {
    console.error("The worker needs DATABASE_URL. With the embedded database, `npm run dev` starts one for you.");
    process.exit(2);
  }
  const prisma = createPrismaClient(cfg.DATABASE_URL, { poolSize: cfg.DATABASE_POOL_SIZE });
  const transport = selectTransport(prisma, cfg);
  const worker = createWorker({
    prisma,
    transport,
    appUrl: cfg.APP_URL,
    secret: signingSecret(),
    leaseMs: Number(process.env.WORKER_LEASE_MS ?? 60_000),
    // Tries per row: retryable failures and batches whose worker died before recording them (then given up).
    maxAttempts: Number(process.env.WORKER_MAX_ATTEMPTS ?? 5),
    // The app caches its pages; it is told when they change. SITE_INTERNAL_URL is the app as this
    // machine reaches it (the launcher sets it), APP_URL the public address.
    onPublished: () => requestSiteRevalidation({ siteUrl: process.env.SITE_INTERNAL_URL || cfg.APP_URL, secret: signingSecret() }),
    ...overrides,
  });
  const stop = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop.abort());
  console.log(`Send worker ${process.pid} started (transport: ${transport.name}).`);
  try {
    await worker.run({ signal: stop.signal, idleMs: Number(process.env.WORKER_IDLE_MS ?? 1000), concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4) });
  } finally {
    await prisma.$disconnect();
  }
  console.log(`Send worker ${process.pid} stopped.`);
}
