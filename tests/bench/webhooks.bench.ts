/**
 * npm run bench:webhooks — what outbound webhooks cost, on the embedded database and on server Postgres.
 *
 * (a) Making events: BENCH_WEBHOOK_ROWS (50,000) active subscribers inserted 1,000 a statement (as an
 *     import's chunk is), three ways in one run: with the events trigger disabled (the baseline, as before
 *     webhooks), with it and no endpoint (every publication without webhooks pays this), and with two
 *     endpoints wanting every event (4 deliveries a subscriber: created and subscribed, twice).
 * (b) Posting events: BENCH_WEBHOOK_EVENTS (10,000) queued deliveries posted by deliverDueWebhooks, 10 a
 *     call as the worker's loop does, to a receiver in another process answering 200 at once. Baseline in
 *     the same run: the same number of signed POSTs of the same size by fetch, 10 at a time, with no
 *     database, the ceiling of this machine's HTTP.
 *
 * Printed, never asserted.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { Webhook } from "standardwebhooks";
import { createPrismaClient, type Database } from "../../lib/db/client.ts";
import { deliverDueWebhooks } from "../../lib/webhooks/deliver-webhooks.ts";
import { WEBHOOK_EVENT_NAMES } from "../../lib/webhooks/webhook-events.ts";
import { onBothDatabases } from "./databases.ts";
import { machineLine } from "./machine.ts";

const ROWS = Number(process.env.BENCH_WEBHOOK_ROWS ?? 50_000);
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 10_000);
const SERVER_URL = process.env.BENCH_SERVER_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/weekly_bench_webhooks";
const SECRET = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;

/** The receiver: another process, so its parsing is not the bench's. It answers 200 and counts. */
async function startReceiver(): Promise<{ url: string; child: ChildProcess; count: () => Promise<number> }> {
  const source = `
    const http = require("node:http");
    let count = 0;
    const server = http.createServer((request, response) => { request.resume(); request.on("end", () => { count++; response.writeHead(200).end(); }); });
    server.keepAliveTimeout = 60000;
    server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
    process.on("message", (m) => { if (m === "count") process.send({ count }); });
    process.on("disconnect", () => process.exit(0));`;
  const child = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve) => child.once("message", (message: { port: number }) => resolve(message.port)));
  const count = () =>
    new Promise<number>((resolve) => {
      child.once("message", (message: { count: number }) => resolve(message.count));
      child.send("count");
    });
  return { url: `http://127.0.0.1:${port}/hooks`, child, count };
}

async function insertSubscribers(prisma: Database, publicationId: string, prefix: string): Promise<number> {
  const start = performance.now();
  for (let from = 0; from < ROWS; from += 1_000) {
    await prisma.subscriber.createMany({ data: Array.from({ length: Math.min(1_000, ROWS - from) }, (_, i) => ({ publicationId, email: `${prefix}${from + i}@mail.example.com`, status: "active" as const })) });
  }
  return (performance.now() - start) / 1000;
}

async function measure(label: string, url: string, poolSize: number) {
  const prisma = createPrismaClient(url, { poolSize });
  const publication = await prisma.publication.create({ data: { name: "Bench Weekly", siteUrl: "https://news.example.com", senderName: "Bench", senderEmail: "bench@news.example.com" } });
  console.log(`\n${label}`);

  // (a)
  await prisma.$executeRawUnsafe(`ALTER TABLE "SubscriberStatusChange" DISABLE TRIGGER "SubscriberStatusChange_webhooks"`);
  const baseline = await insertSubscribers(prisma, publication.id, "a");
  await prisma.$executeRawUnsafe(`ALTER TABLE "SubscriberStatusChange" ENABLE TRIGGER "SubscriberStatusChange_webhooks"`);
  const noEndpoint = await insertSubscribers(prisma, publication.id, "b");
  const receiver = await startReceiver();
  for (const n of [1, 2]) {
    await prisma.webhookEndpoint.create({ data: { publicationId: publication.id, url: `${receiver.url}/${n}`, secret: SECRET, events: WEBHOOK_EVENT_NAMES } });
  }
  const twoEndpoints = await insertSubscribers(prisma, publication.id, "c");
  const made = await prisma.webhookDelivery.count();
  const perSecond = (seconds: number) => `${Math.round(ROWS / seconds).toLocaleString("en")} rows/s`;
  console.log(`(a) ${ROWS.toLocaleString("en")} subscribers, 1,000 a statement:`);
  console.log(`    trigger disabled (baseline): ${baseline.toFixed(2)} s (${perSecond(baseline)})`);
  console.log(`    no endpoint:                 ${noEndpoint.toFixed(2)} s (${perSecond(noEndpoint)}), ${((noEndpoint / baseline - 1) * 100).toFixed(0)}% over the baseline`);
  console.log(`    two endpoints, every event:  ${twoEndpoints.toFixed(2)} s (${perSecond(twoEndpoints)}), ${((twoEndpoints / baseline - 1) * 100).toFixed(0)}% over; ${made.toLocaleString("en")} deliveries made`);

  // (b) EVENTS of those events queued afresh (a table without (a)'s 200,000 rows), half to each endpoint.
  const sample = await prisma.webhookDelivery.findFirstOrThrow();
  const endpoints = await prisma.webhookEndpoint.findMany({ select: { id: true } });
  await prisma.$executeRaw`TRUNCATE "WebhookDelivery"`;
  const queuedAt = new Date();
  await prisma.webhookDelivery.createMany({
    data: Array.from({ length: EVENTS }, (_, n) => ({ endpointId: endpoints[n % 2]!.id, event: sample.event, payload: sample.payload ?? {}, nextAttemptAt: queuedAt, createdAt: queuedAt })),
  });
  const body = JSON.stringify({ type: sample.event, timestamp: sample.createdAt.toISOString(), data: sample.payload });
  const before = await receiver.count();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  let posted = 0;
  for (;;) {
    const outcomes = await deliverDueWebhooks(prisma);
    if (outcomes.length === 0) break;
    posted += outcomes.filter((outcome) => outcome.delivered).length;
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const received = (await receiver.count()) - before;

  // Baseline: the same POSTs, signed, 10 at a time, no database.
  const signer = new Webhook(SECRET);
  const ceilingStart = performance.now();
  for (let sent = 0; sent < EVENTS; sent += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, EVENTS - sent) }, async (_, i) => {
        const id = `bench-${sent + i}`;
        const at = new Date();
        const response = await fetch(`${receiver.url}/1`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signer.sign(id, at, body) },
          body,
        });
        await response.body?.cancel();
      }),
    );
  }
  const ceiling = (performance.now() - ceilingStart) / 1000;
  console.log(`(b) ${EVENTS.toLocaleString("en")} events of ${body.length} bytes posted, 10 a call: ${posted.toLocaleString("en")} delivered (${received.toLocaleString("en")} received)`);
  console.log(`    deliverDueWebhooks: ${seconds.toFixed(2)} s, ${Math.round(posted / seconds).toLocaleString("en")} events/s, bench process CPU ${(((cpu.user + cpu.system) / posted) | 0).toLocaleString("en")} µs/event`);
  console.log(`    fetch alone (ceiling): ${ceiling.toFixed(2)} s, ${Math.round(EVENTS / ceiling).toLocaleString("en")} events/s; ratio ${(seconds / ceiling).toFixed(2)}× the ceiling's time`);
  receiver.child.kill();
  await prisma.$disconnect();
}

console.log(`bench:webhooks — ${machineLine()}`);
await onBothDatabases(SERVER_URL, measure);
console.log(`\nmachine at the end: ${machineLine()}`);
