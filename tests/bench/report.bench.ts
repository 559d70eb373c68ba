/**
 * npm run bench:report — an issue's report (lib/delivery/get-issue-report.ts)
 * at BENCH_RECIPIENTS (100,000) recipients, on the embedded database (PGlite
 * over its socket, one connection as the app has) and on server Postgres.
 *
 * Two sent issues, each with a ledger row per subscriber and the events a
 * provider reports: every message delivered, 45% opened (a third of those
 * twice), 12% clicked (1.6 clicks each, over 30 links in 10 stories), 0.5%
 * bounced, 0.05% complaints; about 190,000 events per issue. The report reads
 * one issue's.
 *
 * Alternative in the same run: the same aggregates reached through the ledger
 * (events joined to their issue's Delivery rows), as before events carried
 * their issue. Baseline: the Send tab's counts (getSendProgress), which the
 * composer polls every second during a send. p50 and p95 over BENCH_REQUESTS
 * (20). Target: p95 under 500 ms on both databases. Printed, never asserted.
 */
import { createPrismaClient, type Database } from "../../lib/db/client.ts";
import { getIssueReport } from "../../lib/delivery/get-issue-report.ts";
import { getSendProgress } from "../../lib/delivery/get-send-progress.ts";
import { onBothDatabases } from "./databases.ts";
import { machineLine, percentile, timeEach } from "./machine.ts";

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20);
const SERVER_URL = process.env.BENCH_SERVER_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/weekly_bench_report";

/** One sent issue with its ledger and its events, all by SQL: a send would take minutes. */
async function sentIssueWithEvents(prisma: Database, publicationId: string, number: number): Promise<string> {
  const issue = await prisma.issue.create({ data: { publicationId, number, title: `Issue ${number}`, slug: `issue-${number}`, status: "sent", sentAt: new Date() } });
  await prisma.$executeRaw`
    INSERT INTO "Delivery" ("id", "issueId", "subscriberId", "status", "providerMessageId", "sentAt", "updatedAt")
    SELECT gen_random_uuid()::text, ${issue.id}, s."id", 'sent', gen_random_uuid()::text, now(), now() FROM "Subscriber" s`;
  // Each delivery numbered, so the share of readers doing each thing is exact and spread over the ledger.
  await prisma.$executeRaw`
    WITH d AS (SELECT "id", row_number() OVER (ORDER BY "id") AS n FROM "Delivery" WHERE "issueId" = ${issue.id}),
    e AS (
      SELECT d."id" AS "deliveryId", 'delivered' AS "type", NULL AS "url", NULL AS "storyId", NULL AS "bounceKind" FROM d
      UNION ALL SELECT d."id", 'opened', NULL, NULL, NULL FROM d WHERE n % 100 < 45
      UNION ALL SELECT d."id", 'opened', NULL, NULL, NULL FROM d WHERE n % 100 < 15
      UNION ALL SELECT d."id", 'clicked', 'https://example.com/story-' || (n % 30), 'story-' || (n % 10), NULL FROM d WHERE n % 100 < 12
      UNION ALL SELECT d."id", 'clicked', 'https://example.com/story-' || ((n + 7) % 30), 'story-' || ((n + 7) % 10), NULL FROM d WHERE n % 100 < 7
      UNION ALL SELECT d."id", 'bounced', NULL, NULL, CASE WHEN n % 2 = 0 THEN 'hard' ELSE 'soft' END FROM d WHERE n % 1000 < 5
      UNION ALL SELECT d."id", 'complained', NULL, NULL, NULL FROM d WHERE n % 2000 = 1
    )
    INSERT INTO "DeliveryEvent" ("id", "webhookId", "deliveryId", "issueId", "type", "url", "storyId", "bounceKind", "occurredAt")
    SELECT gen_random_uuid()::text, gen_random_uuid()::text, e."deliveryId", ${issue.id}, e."type"::"DeliveryEventType", e."url", e."storyId", e."bounceKind", now() FROM e`;
  return issue.id;
}

/** The report's event aggregates reached through the issue's ledger rows, as without DeliveryEvent.issueId. */
function throughTheLedger(prisma: Database, issueId: string) {
  return Promise.all([
    prisma.$queryRaw`
      SELECT "type"::text, count(*), sum("n")
      FROM (SELECT e."type", e."deliveryId", count(*) AS "n" FROM "DeliveryEvent" e JOIN "Delivery" d ON d."id" = e."deliveryId" WHERE d."issueId" = ${issueId} GROUP BY 1, 2) "perReader"
      GROUP BY 1`,
    prisma.$queryRaw`
      SELECT e."bounceKind", count(DISTINCT e."deliveryId")
      FROM "DeliveryEvent" e JOIN "Delivery" d ON d."id" = e."deliveryId" WHERE d."issueId" = ${issueId} AND e."type" = 'bounced' GROUP BY 1`,
    prisma.$queryRaw`
      SELECT e."storyId", count(DISTINCT e."deliveryId"), count(*)
      FROM "DeliveryEvent" e JOIN "Delivery" d ON d."id" = e."deliveryId" WHERE d."issueId" = ${issueId} AND e."type" = 'clicked' GROUP BY 1`,
    prisma.$queryRaw`
      SELECT e."url", e."storyId", count(DISTINCT e."deliveryId"), count(*), count(*) OVER ()
      FROM "DeliveryEvent" e JOIN "Delivery" d ON d."id" = e."deliveryId" WHERE d."issueId" = ${issueId} AND e."type" = 'clicked' AND e."url" IS NOT NULL
      GROUP BY 1, 2 ORDER BY 3 DESC, 4 DESC, 1 LIMIT 50`,
  ]);
}

const ms = (times: number[]) => `p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms, p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms`;

async function measure(label: string, url: string, poolSize: number) {
  const prisma = createPrismaClient(url, { poolSize });
  const seedStart = performance.now();
  const publication = await prisma.publication.create({ data: { name: "Bench Weekly", siteUrl: "https://news.example.com", senderName: "Bench", senderEmail: "bench@news.example.com" } });
  for (let from = 0; from < RECIPIENTS; from += 10_000) {
    await prisma.subscriber.createMany({
      data: Array.from({ length: Math.min(10_000, RECIPIENTS - from) }, (_, i) => ({ publicationId: publication.id, email: `reader${from + i}@mail.example.com`, status: "active" as const })),
    });
  }
  await sentIssueWithEvents(prisma, publication.id, 1);
  const issueId = await sentIssueWithEvents(prisma, publication.id, 2);
  await prisma.$executeRaw`ANALYZE`;
  const events = await prisma.deliveryEvent.count();
  console.log(`\n${label}: seeded ${RECIPIENTS.toLocaleString("en")} subscribers, 2 issues, ${events.toLocaleString("en")} events in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const report = await getIssueReport(prisma, issueId);
  console.log(`  the report: ${report!.engagement.delivered.toLocaleString("en")} delivered, ${report!.engagement.opened.toLocaleString("en")} opened, ${report!.engagement.clicked.toLocaleString("en")} clicked, ${report!.links.length} links`);
  const results = {
    baseline: await timeEach(REQUESTS, () => getSendProgress(prisma, issueId)),
    report: await timeEach(REQUESTS, () => getIssueReport(prisma, issueId)),
    ledger: await timeEach(REQUESTS, () => throughTheLedger(prisma, issueId)),
  };
  console.log(`  baseline (the Send tab's counts): ${ms(results.baseline)}`);
  console.log(`  the issue's report:               ${ms(results.report)}   (target p95 < 500 ms)`);
  console.log(`  its events through the ledger:    ${ms(results.ledger)}   (the alternative: events without their issue)`);
  await prisma.$disconnect();
}

console.log(machineLine());
console.log(`recipients: ${RECIPIENTS.toLocaleString("en")}, requests per case: ${REQUESTS}`);
await onBothDatabases(SERVER_URL, measure);
process.exit(0);
