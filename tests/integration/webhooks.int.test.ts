/**
 * Outbound webhooks (lib/webhooks/): events made by the database trigger for every subscriber change and by
 * finalizeIssue for a send, posted by the real delivery code over HTTP to a receiver on this machine, which
 * checks each signature with the Standard Webhooks library receivers use. Failures (status, time-out,
 * refused, redirect) are retried on schedule and then marked failed; two workers never post one event twice.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { commands } from "@/lib/commands";
import { finalizeIssue } from "@/lib/delivery/finalize-issue";
import { pruneExpired, WEBHOOK_LOG_DAYS } from "@/lib/maintenance/prune-expired";
import { startSend } from "@/lib/delivery/start-send";
import { createOutboxTransport } from "@/lib/delivery/transports/outbox";
import { createWorker } from "@/lib/delivery/worker";
import { signSubscriberToken } from "@/lib/auth/subscriber-token";
import { confirmSubscription } from "@/lib/subscribers/confirm-subscription";
import { requestSubscription } from "@/lib/subscribers/request-subscription";
import { deliverDueWebhooks, WEBHOOK_DISABLE_AFTER_DAYS, WEBHOOK_LEASE_MS, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_DELAYS_MS } from "@/lib/webhooks/deliver-webhooks";
import { setWebhookEndpointEnabled, webhookUrlProblem } from "@/lib/webhooks/webhook-endpoints";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createSendableIssue, createUser } from "../helpers/factories";
import { closedPort } from "../helpers/fake-smtp";
import { waitUntil } from "../helpers/wait-until";
import { holdingTransport } from "../helpers/worker-probes";

const prisma = testDb();
beforeEach(resetDatabase);

type Received = { headers: Record<string, string>; body: string; type: string; data: Record<string, unknown> };

/** A receiver on this machine: records each post and answers what `answer` says (a status, or hang for `ms`). */
async function startReceiver(answer: (index: number) => number | { hangMs: number } | { redirect: string } = () => 200) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const parsed = JSON.parse(body) as { type: string; data: Record<string, unknown> };
      const reply = answer(received.length);
      received.push({ headers: request.headers as Record<string, string>, body, type: parsed.type, data: parsed.data });
      if (typeof reply === "number") response.writeHead(reply).end("ok");
      else if ("redirect" in reply) response.writeHead(302, { Location: reply.redirect }).end();
      else setTimeout(() => response.writeHead(200).end(), reply.hangMs).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return { url, received, close: () => new Promise<void>((resolve) => server.closeAllConnections() ?? server.close(() => resolve())) };
}
let receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
  const started = await startReceiver(answer);
  receivers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(receivers.map((started) => started.close()));
  receivers = [];
});

async function owner(): Promise<Actor> {
  const user = await createUser(prisma, { role: "owner", email: "owner@example.com", name: "Olive" });
  return { id: user.id, role: "owner", email: user.email, name: user.name };
}

async function endpoint(actor: Actor, url: string, events: string[]) {
  const created = await commands.createWebhookEndpoint(prisma, actor, { url, events });
  if (!created.ok) throw new Error(JSON.stringify(created));
  return prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
}

/** Posts until nothing is due at `now`. */
async function drain(now = new Date()) {
  let posted = 0;
  for (;;) {
    const outcomes = await deliverDueWebhooks(prisma, { now, timeoutMs: 2_000 });
    if (outcomes.length === 0) return posted;
    posted += outcomes.length;
  }
}

describe("webhook events for subscribers", () => {
  it("posts each change, by any path, to the endpoints that want it, signed so the receiver's library verifies it", async () => {
    await createPublication(prisma);
    const actor = await owner();
    const crm = await receiver();
    const leaving = await receiver();
    const all = await endpoint(actor, crm.url, ["subscriber.created", "subscriber.subscribed", "subscriber.unsubscribed", "subscriber.bounced"]);
    await endpoint(actor, leaving.url, ["subscriber.unsubscribed"]);
    const paused = await endpoint(actor, (await receiver()).url, ["subscriber.created"]);
    await commands.setWebhookEndpointEnabled(prisma, actor, { id: paused.id, enabled: false });

    // An editor adds one with consent; a reader signs up and confirms; the editor unsubscribes the first; the second bounces.
    const added = await commands.addSubscriber(prisma, actor, { email: "ada@readers.example", name: "Ada", consent: true });
    if (!added.ok) throw new Error("not added");
    const links = { appUrl: "https://news.example.com", secret: "s".repeat(32) };
    const requested = await requestSubscription(prisma, { email: "bo@readers.example" }, { ...links, ip: "203.0.113.9" });
    if (requested.outcome !== "accepted") throw new Error(requested.outcome);
    await requested.followUp?.();
    const bo = await prisma.subscriber.findFirstOrThrow({ where: { email: "bo@readers.example" } });
    expect(await confirmSubscription(prisma, { token: signSubscriberToken({ subscriberId: bo.id, purpose: "confirm", secret: links.secret }), ...links })).toMatchObject({ ok: true });
    await commands.editSubscriber(prisma, actor, { id: added.id, name: "Ada", unsubscribe: true });
    await prisma.subscriber.update({ where: { id: bo.id }, data: { status: "bounced" } });

    expect(await drain()).toBe(7);
    expect(crm.received.map((event) => `${event.type} ${String(event.data.email)}`)).toEqual(
      expect.arrayContaining([
        "subscriber.created ada@readers.example",
        "subscriber.subscribed ada@readers.example",
        "subscriber.created bo@readers.example",
        "subscriber.subscribed bo@readers.example",
        "subscriber.unsubscribed ada@readers.example",
        "subscriber.bounced bo@readers.example",
      ]),
    );
    expect(crm.received).toHaveLength(6);
    expect(leaving.received.map((event) => event.type)).toEqual(["subscriber.unsubscribed"]);
    expect(crm.received.find((event) => event.type === "subscriber.unsubscribed")!.data).toMatchObject({ id: added.id, name: "Ada", status: "unsubscribed", previousStatus: "active", source: "manual" });

    // The receiver's side: every post verifies with the endpoint's secret, and a changed body or another secret does not.
    const verifier = new Webhook(all.secret);
    for (const event of crm.received) {
      expect(event.headers["webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(verifier.verify(event.body, event.headers)).toMatchObject({ type: event.type });
    }
    const first = crm.received[0]!;
    expect(() => verifier.verify(first.body.replace("readers.example", "elsewhere.example"), first.headers)).toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(first.body, first.headers)).toThrow();

    // The paused endpoint's event was never made; enabled again, it gets what happens next.
    expect(await prisma.webhookDelivery.count({ where: { endpointId: paused.id } })).toBe(0);
    await commands.setWebhookEndpointEnabled(prisma, actor, { id: paused.id, enabled: true });
    await commands.addSubscriber(prisma, actor, { email: "cy@readers.example", consent: true });
    expect(await prisma.webhookDelivery.count({ where: { endpointId: paused.id } })).toBe(1);
  });

  it("makes nothing for a change that is rolled back", async () => {
    await createPublication(prisma);
    const actor = await owner();
    await endpoint(actor, (await receiver()).url, ["subscriber.created"]);
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.subscriber.create({ data: { publicationId: (await tx.publication.findFirstOrThrow()).id, email: "gone@readers.example", status: "active" } });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });

  it("takes an erased reader's address and name out of every event about them", async () => {
    await createPublication(prisma);
    const actor = await owner();
    const crm = await receiver(() => 503);
    await endpoint(actor, crm.url, ["subscriber.created", "subscriber.unsubscribed", "subscriber.erased"]);
    const added = await commands.addSubscriber(prisma, actor, { email: "erase.me@readers.example", name: "Erin", consent: true });
    if (!added.ok) throw new Error("not added");
    await drain();
    expect(await commands.eraseSubscriber(prisma, actor, { id: added.id })).toBe(true);
    const stored = JSON.stringify(await prisma.webhookDelivery.findMany());
    expect(stored).not.toContain("erase.me");
    expect(stored).not.toContain("Erin");
    const events = await prisma.webhookDelivery.findMany({ orderBy: { createdAt: "asc" } });
    expect(events.map((event) => [event.event, (event.payload as { source: string }).source]).sort()).toEqual([
      ["subscriber.created", "erased"],
      ["subscriber.erased", "erased"],
      ["subscriber.unsubscribed", "erased"],
    ]);

    // Someone who had left already changes no status when erased, and is still announced as erased.
    const left = await commands.addSubscriber(prisma, actor, { email: "left@readers.example", consent: true });
    if (!left.ok) throw new Error("not added");
    await commands.editSubscriber(prisma, actor, { id: left.id, name: "", unsubscribe: true });
    await prisma.webhookDelivery.deleteMany();
    expect(await commands.eraseSubscriber(prisma, actor, { id: left.id })).toBe(true);
    expect(await prisma.webhookDelivery.findMany({ select: { event: true, payload: true } })).toEqual([
      { event: "subscriber.erased", payload: expect.objectContaining({ id: left.id, email: `erased-${left.id}@erased.invalid`, source: "erased" }) },
    ]);
  });
});

describe("posting webhooks", () => {
  it("retries a failing receiver on schedule with the same webhook-id, and marks it failed after the last attempt; Retry posts it again", async () => {
    await createPublication(prisma);
    const actor = await owner();
    let healthy = false;
    const flaky = await receiver(() => (healthy ? 200 : 500));
    await endpoint(actor, flaky.url, ["subscriber.created"]);
    await commands.addSubscriber(prisma, actor, { email: "ada@readers.example", consent: true });

    let now = new Date();
    for (let attempt = 1; attempt <= WEBHOOK_MAX_ATTEMPTS; attempt++) {
      expect(await drain(now), `attempt ${attempt}`).toBe(1);
      const row = await prisma.webhookDelivery.findFirstOrThrow();
      expect(row).toMatchObject({ attempts: attempt, lastStatusCode: 500, lastError: "answered 500 Internal Server Error" });
      if (attempt < WEBHOOK_MAX_ATTEMPTS) {
        expect(row.status).toBe("pending");
        const wait = row.nextAttemptAt.getTime() - now.getTime();
        const planned = WEBHOOK_RETRY_DELAYS_MS[attempt - 1]!;
        expect(wait).toBeGreaterThanOrEqual(planned * 0.8 - 1_000);
        expect(wait).toBeLessThanOrEqual(planned * 1.2 + 60_000);
        // Not before its time (nor its endpoint's pause, which follows the same schedule by rounds failed).
        expect(await drain(new Date(row.nextAttemptAt.getTime() - 1_000))).toBe(0);
        const { pausedUntil } = await prisma.webhookEndpoint.findFirstOrThrow();
        expect(pausedUntil!.getTime() - now.getTime()).toBe(planned);
        now = new Date(Math.max(row.nextAttemptAt.getTime(), pausedUntil!.getTime()) + 1);
      } else {
        expect(row.status).toBe("failed");
      }
    }
    expect(await drain(new Date(now.getTime() + 7 * 86_400_000))).toBe(0);
    expect(new Set(flaky.received.map((event) => event.headers["webhook-id"])).size).toBe(1);
    expect(flaky.received).toHaveLength(WEBHOOK_MAX_ATTEMPTS);

    healthy = true;
    const failed = await prisma.webhookDelivery.findFirstOrThrow();
    expect(await commands.retryWebhookDelivery(prisma, actor, { id: failed.id })).toEqual({ ok: true });
    expect(await drain()).toBe(1);
    expect(await prisma.webhookDelivery.findFirstOrThrow()).toMatchObject({ status: "delivered", lastStatusCode: 200, lastError: null, deliveredAt: expect.any(Date) });
    expect(await commands.retryWebhookDelivery(prisma, actor, { id: failed.id })).toEqual({ ok: false });
  });

  it("pauses a receiver that is down instead of using up its queue, goes on with the others, and drains the backlog when it is back", async () => {
    await createPublication(prisma);
    const actor = await owner();
    let up = false;
    const crm = await receiver(() => (up ? 200 : 503));
    const chat = await receiver();
    const down = await endpoint(actor, crm.url, ["subscriber.created"]);
    await endpoint(actor, chat.url, ["subscriber.created"]);
    const publication = await prisma.publication.findFirstOrThrow();
    await prisma.subscriber.createMany({ data: Array.from({ length: 30 }, (_, n) => ({ publicationId: publication.id, email: `r${n}@readers.example`, status: "active" as const })) });

    const now = new Date();
    await drain(now);
    // The healthy endpoint got all 30; the failing one was tried in one round of at most 10, then paused.
    expect(chat.received).toHaveLength(30);
    const tried = crm.received.length;
    expect(tried).toBeGreaterThan(0);
    expect(tried).toBeLessThanOrEqual(10);
    const paused = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: down.id } });
    expect(paused).toMatchObject({ consecutiveFailures: 1, failingSince: now, pausedUntil: new Date(now.getTime() + WEBHOOK_RETRY_DELAYS_MS[0]!) });
    expect(await prisma.webhookDelivery.count({ where: { endpointId: down.id, status: "pending", attempts: 0 } })).toBe(30 - tried);

    // Still down at the next probe: one more round, a longer pause.
    await drain(new Date(now.getTime() + 31_000));
    expect((await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: down.id } })).consecutiveFailures).toBe(2);
    // Back: the next probe (the moment the pause ends) succeeds, and the whole backlog goes at once, each event
    // once, including those tried during the outage whose own next attempt was later.
    up = true;
    const { pausedUntil } = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: down.id } });
    // One event tried often during a long outage waits on its own schedule, hours past the endpoint's pause.
    const often = await prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: down.id, attempts: { gt: 0 } } });
    await prisma.webhookDelivery.update({ where: { id: often.id }, data: { attempts: 6, nextAttemptAt: new Date(pausedUntil!.getTime() + 6 * 3_600_000) } });
    await drain(new Date(pausedUntil!.getTime() + 1));
    expect(await prisma.webhookDelivery.count({ where: { endpointId: down.id, status: "delivered" } })).toBe(30);
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: down.id } })).toMatchObject({ consecutiveFailures: 0, failingSince: null, pausedUntil: null });
    const delivered = crm.received.filter((_, index) => index >= crm.received.length - 30).map((event) => event.headers["webhook-id"]);
    expect(new Set(delivered).size).toBe(30);
  });

  it(`disables an endpoint whose every post failed for ${WEBHOOK_DISABLE_AFTER_DAYS} days, mails the owners once, keeps its queue, and posts it when enabled`, async () => {
    await createPublication(prisma);
    const actor = await owner();
    await createUser(prisma, { role: "owner", email: "second-owner@example.com" });
    await createUser(prisma, { role: "editor", email: "editor@example.com" });
    let up = false;
    const gone = await receiver(() => (up ? 200 : 503));
    const broken = await endpoint(actor, gone.url, ["subscriber.created"]);
    for (const email of ["ada@readers.example", "lin@readers.example", "sam@readers.example"]) await commands.addSubscriber(prisma, actor, { email, consent: true });
    const day = 86_400_000;
    const now = new Date();
    const at = (ms: number) => new Date(now.getTime() + ms);

    await drain(now);
    // Its rounds go on failing, at most half a day apart (the 12-hour step), as the queue keeps filling.
    const failedRoundBefore = (moment: Date) => prisma.webhookEndpoint.update({ where: { id: broken.id }, data: { lastFailedAt: new Date(moment.getTime() - 12 * 3_600_000) } });
    // Failing for a day short of the limit: paused and probed, never disabled.
    await failedRoundBefore(at((WEBHOOK_DISABLE_AFTER_DAYS - 1) * day));
    await drain(at((WEBHOOK_DISABLE_AFTER_DAYS - 1) * day));
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: broken.id } })).toMatchObject({ disabledAt: null, consecutiveFailures: 2, failingSince: now });
    expect(await prisma.outboxMessage.count()).toBe(0);

    // The first round that fails past the limit disables it, and each owner (not the editor) is told once.
    const disabledAt = at(WEBHOOK_DISABLE_AFTER_DAYS * day + 60_000);
    await failedRoundBefore(disabledAt);
    await drain(disabledAt);
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: broken.id } })).toMatchObject({ disabledAt, disabledAutomatically: true, pausedUntil: null });
    const mail = await prisma.outboxMessage.findMany({ orderBy: { toAddress: "asc" } });
    expect(mail.map((message) => [message.toAddress, message.subject])).toEqual([
      ["owner@example.com", `Webhook endpoint disabled: ${gone.url}`],
      ["second-owner@example.com", `Webhook endpoint disabled: ${gone.url}`],
    ]);
    expect(mail[0]!.text).toContain("the last answer was: HTTP 503");
    expect(mail[0]!.text).toContain("3 events wait for it and are kept");
    expect(mail[0]!.text).toContain("/editor/settings/webhooks");

    // Disabled: nothing is posted to it, however long; its three events wait.
    const posted = gone.received.length;
    expect(await drain(at(30 * day))).toBe(0);
    expect(gone.received).toHaveLength(posted);
    expect(await prisma.webhookDelivery.count({ where: { endpointId: broken.id, status: "pending" } })).toBe(3);

    // Enabled by an owner once the receiver works: its streak starts afresh, and what waited goes at once.
    up = true;
    const enabledAt = at(30 * day);
    // One event tried often before the endpoint went quiet waits on its own schedule, well after today.
    const often = await prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: broken.id } });
    await prisma.webhookDelivery.update({ where: { id: often.id }, data: { nextAttemptAt: at(31 * day) } });
    expect(await setWebhookEndpointEnabled(prisma, actor, { id: broken.id, enabled: true }, enabledAt)).toEqual({ ok: true });
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: broken.id } })).toMatchObject({ disabledAt: null, disabledAutomatically: false, failingSince: null, consecutiveFailures: 0 });
    expect(await drain(enabledAt)).toBe(3);
    expect(await prisma.webhookDelivery.count({ where: { endpointId: broken.id, status: "delivered" } })).toBe(3);

    // An owner's own Disable is not an automatic one, and mails nobody.
    expect(await commands.setWebhookEndpointEnabled(prisma, actor, { id: broken.id, enabled: false })).toEqual({ ok: true });
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: broken.id } })).toMatchObject({ disabledAt: expect.any(Date), disabledAutomatically: false });
    expect(await prisma.outboxMessage.count()).toBe(2);
  });

  it("mails the owners of an endpoint disabled by a worker that died before mailing them: once, by the next round, however many workers run it", async () => {
    await createPublication(prisma);
    const actor = await owner();
    const gone = await receiver(() => 410);
    const broken = await endpoint(actor, gone.url, ["subscriber.created"]);
    await commands.addSubscriber(prisma, actor, { email: "ada@readers.example", consent: true });
    const now = new Date();
    await drain(now);
    // What the disabling statement leaves when its worker dies on the next line: disabled, the owners' mail due.
    const disabledAt = new Date(now.getTime() + WEBHOOK_DISABLE_AFTER_DAYS * 86_400_000);
    await prisma.webhookEndpoint.update({ where: { id: broken.id }, data: { disabledAt, disabledAutomatically: true, ownersNoticeDueAt: disabledAt } });
    expect(await prisma.outboxMessage.count()).toBe(0);

    // Two workers' next rounds, at once: one mails, the other finds the notice held.
    const later = new Date(disabledAt.getTime() + 1_000);
    await Promise.all([deliverDueWebhooks(prisma, { now: later }), deliverDueWebhooks(prisma, { now: later })]);
    const mail = await prisma.outboxMessage.findMany();
    expect(mail.map((message) => [message.toAddress, message.subject])).toEqual([["owner@example.com", `Webhook endpoint disabled: ${gone.url}`]]);
    expect(mail[0]!.text).toContain("the last answer was: HTTP 410");
    expect(mail[0]!.text).toContain("1 event waits for it and is kept");
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: broken.id } })).toMatchObject({ ownersNoticeDueAt: null, disabledAt });

    // Told is told: later rounds, a day on, mail nobody again.
    await deliverDueWebhooks(prisma, { now: new Date(later.getTime() + 86_400_000) });
    expect(await prisma.outboxMessage.count()).toBe(1);

    // An owner who disables an endpoint knows: a notice due from an earlier automatic disable is dropped.
    await prisma.webhookEndpoint.update({ where: { id: broken.id }, data: { ownersNoticeDueAt: later } });
    expect(await setWebhookEndpointEnabled(prisma, actor, { id: broken.id, enabled: false })).toEqual({ ok: true });
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: broken.id } })).toMatchObject({ ownersNoticeDueAt: null, disabledAutomatically: false });
    await deliverDueWebhooks(prisma, { now: new Date(later.getTime() + 2 * 86_400_000) });
    expect(await prisma.outboxMessage.count()).toBe(1);
  });

  it("counts failing days only without a gap, never disables for an owner's Retry, and on Enable leaves alone an event a worker holds", async () => {
    await createPublication(prisma);
    const actor = await owner();
    const down = await receiver(() => 502);
    const flaky = await endpoint(actor, down.url, ["subscriber.created"]);
    await commands.addSubscriber(prisma, actor, { email: "ada@readers.example", consent: true });
    const day = 86_400_000;
    const now = new Date();
    const at = (ms: number) => new Date(now.getTime() + ms);
    // It failed nine days ago until its queue ran out two days later; it may have worked since, with nothing to post.
    await prisma.webhookEndpoint.update({ where: { id: flaky.id }, data: { consecutiveFailures: 9, failingSince: at(-9 * day), lastFailedAt: at(-7 * day), pausedUntil: at(-7 * day) } });

    // Today's event fails once (a deploy's 502): a new streak starts now, and nothing is disabled.
    expect(await drain(now)).toBe(1);
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: flaky.id } })).toMatchObject({ disabledAt: null, consecutiveFailures: 1, failingSince: now, lastFailedAt: now });

    // Six days on, with rounds failing all along, an owner's Retry (or test event) fails too: it pauses, never disables.
    await prisma.webhookEndpoint.update({ where: { id: flaky.id }, data: { failingSince: at(-6 * day) } });
    const event = await prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: flaky.id } });
    await prisma.webhookDelivery.update({ where: { id: event.id }, data: { status: "failed", attempts: WEBHOOK_MAX_ATTEMPTS } });
    expect(await commands.retryWebhookDelivery(prisma, actor, { id: event.id })).toEqual({ ok: true });
    expect(await deliverDueWebhooks(prisma, { now, ids: [event.id], timeoutMs: 2_000 })).toHaveLength(1);
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: flaky.id } })).toMatchObject({ disabledAt: null, failingSince: at(-6 * day) });
    expect(await prisma.outboxMessage.count({ where: { subject: { startsWith: "Webhook endpoint disabled" } } })).toBe(0);

    // Enabled while a worker holds one event under its lease: that one stays held; one merely waiting for its retry goes now.
    await commands.addSubscriber(prisma, actor, { email: "lin@readers.example", consent: true });
    const [waiting, held] = await prisma.webhookDelivery.findMany({ where: { endpointId: flaky.id }, orderBy: { createdAt: "asc" } });
    await prisma.webhookEndpoint.update({ where: { id: flaky.id }, data: { disabledAt: now } });
    await prisma.webhookDelivery.update({ where: { id: waiting!.id }, data: { status: "pending", lastAttemptAt: at(-10_000), nextAttemptAt: at(30_000) } });
    await prisma.webhookDelivery.update({ where: { id: held!.id }, data: { attempts: 1, lastAttemptAt: at(-10_000), nextAttemptAt: at(-10_000 + WEBHOOK_LEASE_MS) } });
    expect(await setWebhookEndpointEnabled(prisma, actor, { id: flaky.id, enabled: true }, now)).toEqual({ ok: true });
    expect((await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: waiting!.id } })).nextAttemptAt).toEqual(now);
    expect((await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: held!.id } })).nextAttemptAt).toEqual(at(-10_000 + WEBHOOK_LEASE_MS));
  });

  it("probes a failing endpoint from one worker at a time, however many are polling when its pause ends", async () => {
    await createPublication(prisma);
    const actor = await owner();
    const down = await receiver(() => 503);
    const failing = await endpoint(actor, down.url, ["subscriber.created"]);
    const publication = await prisma.publication.findFirstOrThrow();
    await prisma.subscriber.createMany({ data: Array.from({ length: 30 }, (_, n) => ({ publicationId: publication.id, email: `r${n}@readers.example`, status: "active" as const })) });
    const now = new Date();
    await prisma.webhookEndpoint.update({ where: { id: failing.id }, data: { consecutiveFailures: 3, failingSince: new Date(now.getTime() - 3_600_000), pausedUntil: new Date(now.getTime() - 1) } });

    // Three workers poll at the same moment: one takes the probe (a round of at most 10), the others find it paused.
    const rounds = await Promise.all([0, 1, 2].map(() => deliverDueWebhooks(prisma, { now, timeoutMs: 2_000 })));
    expect(rounds.filter((round) => round.length > 0)).toHaveLength(1);
    expect(down.received.length).toBeGreaterThan(0);
    expect(down.received.length).toBeLessThanOrEqual(10);
    const after = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: failing.id } });
    expect(after).toMatchObject({ consecutiveFailures: 4, pausedUntil: new Date(now.getTime() + WEBHOOK_RETRY_DELAYS_MS[3]!) });
  });

  it("counts a time-out, a refused connection and a redirect as failures, with the reason, and never follows the redirect", async () => {
    await createPublication(prisma);
    const actor = await owner();
    const elsewhere = await receiver();
    const slow = await receiver(() => ({ hangMs: 5_000 }));
    const moved = await receiver(() => ({ redirect: elsewhere.url }));
    const refusedUrl = `http://127.0.0.1:${await closedPort()}/hooks`;
    for (const url of [slow.url, moved.url, refusedUrl]) await endpoint(actor, url, ["subscriber.created"]);
    await commands.addSubscriber(prisma, actor, { email: "ada@readers.example", consent: true });

    const outcomes = await deliverDueWebhooks(prisma, { timeoutMs: 500 });
    const rows = await prisma.webhookDelivery.findMany({ include: { endpoint: true } });
    const errorAt = (url: string) => rows.find((row) => row.endpoint.url === url)!.lastError;
    expect(outcomes.every((outcome) => !outcome.delivered)).toBe(true);
    expect(errorAt(slow.url)).toBe("no answer within 0.5 s");
    expect(errorAt(moved.url)).toBe("answered 302 Found");
    expect(errorAt(refusedUrl)).toBe("connection refused");
    expect(rows.every((row) => row.status === "pending" && row.attempts === 1)).toBe(true);
    expect(elsewhere.received).toHaveLength(0);
  });

  it("records nothing for a post whose delivery another worker claimed again meanwhile (its lease ran out)", async () => {
    await createPublication(prisma);
    const actor = await owner();
    await endpoint(actor, (await receiver()).url, ["subscriber.created"]);
    await commands.addSubscriber(prisma, actor, { email: "ada@readers.example", consent: true });
    const slowAndOverTaken: typeof fetch = async () => {
      // While this post hangs, the lease ends and another worker claims the delivery (one more attempt).
      await prisma.webhookDelivery.updateMany({ data: { attempts: { increment: 1 } } });
      return new Response(null, { status: 500 });
    };
    const [outcome] = await deliverDueWebhooks(prisma, { fetchImpl: slowAndOverTaken });
    expect(outcome).toMatchObject({ delivered: false, statusCode: 500 });
    expect(await prisma.webhookDelivery.findFirstOrThrow()).toMatchObject({ attempts: 2, status: "pending", lastStatusCode: null, lastError: null });
  });

  it("lets two workers share the queue without posting any event twice", async () => {
    await createPublication(prisma);
    const actor = await owner();
    const crm = await receiver();
    await endpoint(actor, crm.url, ["subscriber.created"]);
    const publication = await prisma.publication.findFirstOrThrow();
    await prisma.subscriber.createMany({ data: Array.from({ length: 60 }, (_, n) => ({ publicationId: publication.id, email: `r${n}@readers.example`, status: "active" as const })) });
    expect(await prisma.webhookDelivery.count()).toBe(60);

    const [a, b] = await Promise.all([drain(), drain()]);
    expect(a + b).toBe(60);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    const ids = crm.received.map((event) => event.headers["webhook-id"]);
    expect(new Set(ids).size).toBe(60);
    expect(ids).toHaveLength(60);
  });

  it("is posted by a running send worker, with nobody calling it", async () => {
    await createPublication(prisma);
    const actor = await owner();
    const crm = await receiver();
    await endpoint(actor, crm.url, ["subscriber.subscribed"]);
    const worker = createWorker({ prisma, transport: createOutboxTransport(prisma), appUrl: "https://news.example.com", secret: "s".repeat(32), leaseMs: 60_000 });
    const stop = new AbortController();
    const running = worker.run({ signal: stop.signal, idleMs: 50, concurrency: 2 });
    try {
      await commands.addSubscriber(prisma, actor, { email: "ada@readers.example", consent: true });
      await waitUntil("the worker posts the event", async () => crm.received.length === 1, 20_000);
      expect(crm.received[0]!.data).toMatchObject({ email: "ada@readers.example", status: "active" });
    } finally {
      stop.abort();
      await running;
    }
  });

  it("goes out during a send too, while every send loop is busy with a batch", async () => {
    const { issue } = await createSendableIssue(prisma, { recipients: 50 });
    const actor = await owner();
    const crm = await receiver();
    await endpoint(actor, crm.url, ["subscriber.subscribed"]);
    // The provider holds every batch until the test lets them go: the send loops are all waiting on it.
    const { transport: held, inFlight, letGo } = holdingTransport(createOutboxTransport(prisma));
    const worker = createWorker({ prisma, transport: held, appUrl: "https://news.example.com", secret: "s".repeat(32), leaseMs: 60_000, batchSize: 10 });
    const stop = new AbortController();
    const running = worker.run({ signal: stop.signal, idleMs: 50, concurrency: 2 });
    try {
      await startSend(prisma, { issueId: issue.id });
      await waitUntil("both send loops hold a batch", async () => inFlight() === 2, 20_000);
      await commands.addSubscriber(prisma, actor, { email: "joined.mid.send@readers.example", consent: true });
      await waitUntil("the event is posted while the send waits", async () => crm.received.length === 1, 20_000);
      expect(inFlight()).toBe(2);
      expect((await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).status).toBe("sending");
    } finally {
      letGo();
      stop.abort();
      await running;
    }
  });

  it("sends a test event to one endpoint at once and says what it answered", async () => {
    await createPublication(prisma);
    const actor = await owner();
    const down = await endpoint(actor, `http://127.0.0.1:${await closedPort()}/hooks`, ["issue.sent"]);
    const crm = await receiver(() => 204);
    const up = await endpoint(actor, crm.url, ["issue.sent"]);
    expect(await commands.sendTestWebhook(prisma, actor, { id: up.id })).toMatchObject({ ok: true, outcome: { delivered: true, statusCode: 204, error: null } });
    expect(crm.received.map((event) => event.type)).toEqual(["webhook.test"]);
    expect(new Webhook(up.secret).verify(crm.received[0]!.body, crm.received[0]!.headers)).toMatchObject({ data: { sentBy: "Olive" } });
    expect(await commands.sendTestWebhook(prisma, actor, { id: down.id })).toMatchObject({ ok: true, outcome: { delivered: false, error: "connection refused" } });
    expect(await commands.sendTestWebhook(prisma, actor, { id: "forged" })).toEqual({ ok: false, reason: "not-found" });
  });
});

describe("rotating a secret", () => {
  it("signs by both the new and the old secret for a day, so a receiver with either verifies, then by the new one only", async () => {
    await createPublication(prisma);
    const actor = await owner();
    const crm = await receiver();
    const hook = await endpoint(actor, crm.url, ["subscriber.created"]);
    const now = new Date();
    expect(await commands.rotateWebhookSecret(prisma, actor, { id: hook.id })).toEqual({ ok: true });
    const rotated = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } });
    expect(rotated.secret).not.toBe(hook.secret);
    expect(rotated.previousSecret).toBe(hook.secret);
    expect(rotated.previousSecretUntil!.getTime() - now.getTime()).toBeGreaterThan(23.9 * 3_600_000);

    await commands.addSubscriber(prisma, actor, { email: "ada@readers.example", consent: true });
    await drain();
    const during = crm.received[0]!;
    expect(during.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    for (const secret of [hook.secret, rotated.secret]) expect(new Webhook(secret).verify(during.body, during.headers)).toMatchObject({ type: "subscriber.created" });

    // A day later the old secret signs nothing.
    await prisma.webhookEndpoint.update({ where: { id: hook.id }, data: { previousSecretUntil: new Date(Date.now() - 1) } });
    await commands.addSubscriber(prisma, actor, { email: "bo@readers.example", consent: true });
    await drain();
    const after = crm.received[1]!;
    expect(new Webhook(rotated.secret).verify(after.body, after.headers)).toMatchObject({ type: "subscriber.created" });
    expect(() => new Webhook(hook.secret).verify(after.body, after.headers)).toThrow();
    expect(await commands.rotateWebhookSecret(prisma, actor, { id: "forged" })).toEqual({ ok: false });
  });
});

describe("the delivery log", () => {
  it(`keeps delivered and failed events ${WEBHOOK_LOG_DAYS} days, and waiting ones until they end`, async () => {
    await createPublication(prisma);
    const actor = await owner();
    const hook = await endpoint(actor, "https://crm.example.com/in", ["subscriber.created"]);
    const now = new Date();
    const old = new Date(now.getTime() - (WEBHOOK_LOG_DAYS + 1) * 86_400_000);
    const recent = new Date(now.getTime() - (WEBHOOK_LOG_DAYS - 1) * 86_400_000);
    const row = (status: "pending" | "delivered" | "failed", createdAt: Date) => ({ endpointId: hook.id, event: "subscriber.created", payload: {}, status, nextAttemptAt: createdAt, createdAt, deliveredAt: status === "delivered" ? createdAt : null });
    await prisma.webhookDelivery.createMany({ data: [row("delivered", old), row("failed", old), row("pending", old), row("delivered", recent), row("failed", recent)] });
    expect((await pruneExpired(prisma, now)).webhookDeliveries).toBe(2);
    expect((await prisma.webhookDelivery.findMany({ orderBy: { createdAt: "asc" } })).map((left) => left.status)).toEqual(["pending", "delivered", "failed"]);
  });
});

describe("issue.sent", () => {
  it("is queued in the transaction that ends a send, once, with the ledger's counts and the issue's page", async () => {
    const { issue, publication } = await createSendableIssue(prisma, { recipients: 5, publication: { siteUrl: "https://news.example.com" } });
    const actor = await owner();
    const crm = await receiver();
    await endpoint(actor, crm.url, ["issue.sent"]);
    await startSend(prisma, { issueId: issue.id });
    const rows = await prisma.delivery.findMany({ orderBy: { id: "asc" } });
    for (const row of rows.slice(0, 4)) await prisma.delivery.update({ where: { id: row.id }, data: { status: "sent", sentAt: new Date() } });
    await prisma.delivery.update({ where: { id: rows[4]!.id }, data: { status: "failed", lastError: "550 no such user" } });
    expect(await finalizeIssue(prisma, issue.id)).toBe("partially_failed");
    expect(await finalizeIssue(prisma, issue.id)).toBeNull();
    expect(await drain()).toBe(1);
    const stored = await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } });
    expect(crm.received[0]).toMatchObject({
      type: "issue.sent",
      data: { id: issue.id, number: stored.number, status: "partially_failed", recipients: 5, sent: 4, failed: 1, url: `https://news.example.com/issues/${stored.number}-${stored.slug}` },
    });
    expect(publication.id).toBe(stored.publicationId);
  });
});

describe("webhook endpoints", () => {
  it("take https addresses (plain http only to this machine), known events, and at most ten", async () => {
    expect(webhookUrlProblem("https://crm.example.com/in")).toBeNull();
    expect(webhookUrlProblem("http://localhost:8080/in")).toBeNull();
    expect(webhookUrlProblem("http://crm.example.com/in")).toMatch(/https/);
    expect(webhookUrlProblem("ftp://crm.example.com/in")).toMatch(/https/);
    expect(webhookUrlProblem("https://user:pw@crm.example.com/in")).toMatch(/user name or password/);
    expect(webhookUrlProblem("crm.example.com")).toMatch(/full address/);
    expect(webhookUrlProblem("HTTPS://CRM.example.com/In")).toBeNull();
    // Measured as stored: 500 "é" are 526 characters typed, 3,026 once percent-encoded, past the column's 2,000.
    expect(webhookUrlProblem(`https://hooks.example.com/${"é".repeat(500)}`)).toMatch(/at most 2,000 characters/);
    expect(webhookUrlProblem(`https://hooks.example.com/${"é".repeat(300)}`)).toBeNull();

    await createPublication(prisma);
    const actor = await owner();
    expect(await commands.createWebhookEndpoint(prisma, actor, { url: "https://crm.example.com/in", events: ["subscriber.deleted"] })).toMatchObject({ ok: false, reason: "invalid", fieldErrors: { events: "are not all events this sends" } });
    expect(await commands.createWebhookEndpoint(prisma, actor, { url: "https://crm.example.com/in", events: [] })).toMatchObject({ ok: false, fieldErrors: { events: "choose at least one event" } });
    expect((await commands.createWebhookEndpoint(prisma, actor, { url: "HTTPS://CRM.example.com/In", events: ["issue.sent"] })).ok).toBe(true);
    expect((await prisma.webhookEndpoint.findFirstOrThrow()).url).toBe("https://crm.example.com/In");
    for (let n = 1; n < 10; n++) expect((await commands.createWebhookEndpoint(prisma, actor, { url: `https://crm.example.com/in/${n}`, events: ["issue.sent"] })).ok).toBe(true);
    expect(await commands.createWebhookEndpoint(prisma, actor, { url: "https://crm.example.com/in/11", events: ["issue.sent"] })).toEqual({ ok: false, reason: "too-many" });
    // Changed: a new address and fewer events; the secret stays, and a bad address or a forged id changes nothing.
    const first = await prisma.webhookEndpoint.findFirstOrThrow({ where: { url: "https://crm.example.com/In" } });
    expect(await commands.updateWebhookEndpoint(prisma, actor, { id: first.id, url: "https://crm.example.com/moved", description: "Moved", events: ["subscriber.created"] })).toEqual({ ok: true });
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ url: "https://crm.example.com/moved", description: "Moved", events: ["subscriber.created"], secret: first.secret });
    expect(await commands.updateWebhookEndpoint(prisma, actor, { id: first.id, url: "http://crm.example.com/x", events: ["issue.sent"] })).toMatchObject({ ok: false, reason: "invalid", fieldErrors: { url: expect.stringMatching(/https/) } });
    expect(await commands.updateWebhookEndpoint(prisma, actor, { id: "forged", url: "https://crm.example.com/x", events: ["issue.sent"] })).toEqual({ ok: false, reason: "not-found" });
    expect((await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: first.id } })).url).toBe("https://crm.example.com/moved");
    await commands.addSubscriber(prisma, actor, { email: "ada@readers.example", consent: true });
    expect(await prisma.webhookDelivery.findMany({ select: { endpointId: true, event: true } })).toEqual([{ endpointId: first.id, event: "subscriber.created" }]);

    const secrets = (await prisma.webhookEndpoint.findMany()).map((row) => row.secret);
    expect(new Set(secrets).size).toBe(10);
    for (const secret of secrets) expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });
});
