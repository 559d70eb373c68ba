import { beforeEach, describe, expect, it } from "vitest";
import { commands } from "@/lib/commands";
import { countIssueRecipients, countRecipients } from "@/lib/delivery/count-recipients";
import { scheduleIssue } from "@/lib/delivery/schedule-issue";
import { startSend } from "@/lib/delivery/start-send";
import { createOutboxTransport } from "@/lib/delivery/transports/outbox";
import { createWorker } from "@/lib/delivery/worker";
import { setIssueSegment } from "@/lib/tags/set-issue-segment";
import { resetDatabase, testDb } from "../helpers/db";
import { createIssue, createPublication, createSendableIssue, createSubscriber, createUser } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

/**
 * A sendable issue and a small audience: ada (ai, rust), bo (ai), cy (rust),
 * dee (no tags), and eve (ai, rust) who unsubscribed, plus fay (ai) pending.
 */
async function audience() {
  const { publication, issue } = await createSendableIssue(prisma, { recipients: 0 });
  const ai = await prisma.tag.create({ data: { publicationId: publication.id, name: "AI", slug: "ai" } });
  const rust = await prisma.tag.create({ data: { publicationId: publication.id, name: "Rust", slug: "rust" } });
  const people: Record<string, string> = {};
  const add = async (name: string, tags: string[], status: "active" | "unsubscribed" | "pending" = "active") => {
    const subscriber = await createSubscriber(prisma, { publicationId: publication.id, email: `${name}@mail.example.com`, status });
    people[name] = subscriber.id;
    for (const tagId of tags) await prisma.subscriberTag.create({ data: { subscriberId: subscriber.id, tagId } });
  };
  await add("ada", [ai.id, rust.id]);
  await add("bo", [ai.id]);
  await add("cy", [rust.id]);
  await add("dee", []);
  await add("eve", [ai.id, rust.id], "unsubscribed");
  await add("fay", [ai.id], "pending");
  return { publication, issue, ai, rust, people };
}

/** Who got the issue: the ledger's rows, sent through the outbox by a worker, by address. */
async function sendAndList(issueId: string) {
  const started = await startSend(prisma, { issueId });
  expect(started).toMatchObject({ started: true });
  const worker = createWorker({ prisma, transport: createOutboxTransport(prisma), appUrl: "https://news.example.com", secret: "integration-test-secret-long-enough-0123456789", leaseMs: 60_000 });
  while ((await worker.processNext()) === "worked");
  const deliveries = await prisma.delivery.findMany({ where: { issueId }, select: { status: true, subscriber: { select: { email: true } } } });
  expect(deliveries.every((delivery) => delivery.status === "sent")).toBe(true);
  const outbox = await prisma.outboxMessage.findMany({ where: { delivery: { issueId } }, select: { toAddress: true } });
  expect(outbox.map((message) => message.toAddress).sort()).toEqual(deliveries.map((delivery) => delivery.subscriber.email).sort());
  return { recipients: "recipients" in started ? started.recipients : -1, to: deliveries.map((delivery) => delivery.subscriber.email.split("@")[0]).sort() };
}

describe("sending to a segment", () => {
  it("without tags, goes to every active subscriber", async () => {
    const { issue } = await audience();
    expect(await countRecipients(prisma, issue)).toBe(4);
    expect(await sendAndList(issue.id)).toEqual({ recipients: 4, to: ["ada", "bo", "cy", "dee"] });
  });

  it("with any of the tags: active subscribers carrying at least one, counted before the send as the send takes them", async () => {
    const { issue, ai, rust } = await audience();
    expect(await setIssueSegment(prisma, { issueId: issue.id, tagIds: [ai.id, rust.id], match: "any" })).toEqual({ ok: true, recipients: 3 });
    expect(await sendAndList(issue.id)).toEqual({ recipients: 3, to: ["ada", "bo", "cy"] });
  });

  it("with all of the tags: only those carrying every one (a repeated id counts once)", async () => {
    const { issue, ai, rust } = await audience();
    expect(await setIssueSegment(prisma, { issueId: issue.id, tagIds: [ai.id, rust.id, ai.id], match: "all" })).toEqual({ ok: true, recipients: 1 });
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id }, select: { audienceTagIds: true } })).toEqual({ audienceTagIds: [ai.id, rust.id] });
    expect(await sendAndList(issue.id)).toEqual({ recipients: 1, to: ["ada"] });
  });

  it("a tag removed from a subscriber before the send takes them out of it", async () => {
    const { issue, ai, people } = await audience();
    expect(await setIssueSegment(prisma, { issueId: issue.id, tagIds: [ai.id], match: "any" })).toEqual({ ok: true, recipients: 2 });
    await prisma.subscriberTag.delete({ where: { subscriberId_tagId: { subscriberId: people.bo!, tagId: ai.id } } });
    const refreshed = await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } });
    expect(await countRecipients(prisma, refreshed)).toBe(1);
    expect(await sendAndList(issue.id)).toEqual({ recipients: 1, to: ["ada"] });
  });

  it("the snapshot is taken at the start: tagging someone afterwards adds nobody", async () => {
    const { issue, rust, people } = await audience();
    await setIssueSegment(prisma, { issueId: issue.id, tagIds: [rust.id], match: "any" });
    expect(await startSend(prisma, { issueId: issue.id })).toEqual({ started: true, recipients: 2 });
    await prisma.subscriberTag.create({ data: { subscriberId: people.dee!, tagId: rust.id } });
    expect(await prisma.delivery.count({ where: { issueId: issue.id } })).toBe(2);
    // The Send tab counts what the send took, not who a send started today would reach.
    expect(await countIssueRecipients(prisma, issue.id)).toBe(2);
    expect(await countRecipients(prisma, { publicationId: issue.publicationId, audienceTagIds: [rust.id], audienceMatch: "any" })).toBe(3);
  });

  it("refuses tags of another publication, and a change once the issue went out", async () => {
    const { issue, ai } = await audience();
    const other = await createPublication(prisma);
    const foreign = await prisma.tag.create({ data: { publicationId: other.id, name: "AI", slug: "ai" } });
    expect(await setIssueSegment(prisma, { issueId: issue.id, tagIds: [foreign.id], match: "any" })).toEqual({ ok: false, reason: "unknown-tag" });
    expect(await setIssueSegment(prisma, { issueId: issue.id, tagIds: [ai.id], match: "some" })).toMatchObject({ ok: false, reason: "invalid" });
    await startSend(prisma, { issueId: issue.id });
    expect(await setIssueSegment(prisma, { issueId: issue.id, tagIds: [ai.id], match: "any" })).toEqual({ ok: false, reason: "not-editable", status: "sending" });
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id }, select: { audienceTagIds: true } })).toEqual({ audienceTagIds: [] });
  });

  it("a web-only issue has no recipients to count", async () => {
    const publication = await createPublication(prisma);
    await createSubscriber(prisma, { publicationId: publication.id });
    const issue = await createIssue(prisma, { publicationId: publication.id, channel: "web_only" });
    expect(await countRecipients(prisma, issue)).toBe(0);
  });

  it("refuses a send whose confirmed audience someone changed since, and sends the one confirmed", async () => {
    const { issue, ai, rust } = await audience();
    const editor = await createUser(prisma, { role: "editor" });
    await commands.setIssueSegment(prisma, editor, { issueId: issue.id, tagIds: [ai.id], match: "any" });
    // A second editor widens it to everyone after the first one saw "2 recipients".
    await commands.setIssueSegment(prisma, editor, { issueId: issue.id, tagIds: [], match: "any" });
    const seen = { tagIds: [ai.id], match: "any" as const };
    expect(await commands.sendNow(prisma, editor, { issueId: issue.id, audience: seen })).toMatchObject({ started: false, reason: "stale", message: expect.stringContaining("who this issue goes to") });
    expect(await prisma.delivery.count()).toBe(0);
    await commands.setIssueSegment(prisma, editor, { issueId: issue.id, tagIds: [rust.id, ai.id], match: "all" });
    expect(await commands.sendNow(prisma, editor, { issueId: issue.id, audience: { tagIds: [ai.id, rust.id], match: "any" } })).toMatchObject({ started: false, reason: "stale" });
    // The same tags in another order, with the match confirmed: it goes.
    expect(await commands.sendNow(prisma, editor, { issueId: issue.id, audience: { tagIds: [ai.id, rust.id], match: "all" } })).toEqual({ started: true, recipients: 1 });
  });

  it("checks the confirmed audience in the UPDATE that starts the send, so a change during the pre-send checks stops it", async () => {
    const { issue, ai, rust } = await audience();
    // The stored segment is everyone; the member confirmed "any of AI" (as if it changed after the command's first look).
    expect(await startSend(prisma, { issueId: issue.id, audience: { tagIds: [ai.id], match: "any" } })).toEqual({ started: false, reason: "audience-changed" });
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id }, select: { status: true } })).toEqual({ status: "draft" });
    expect(await prisma.delivery.count()).toBe(0);
    await prisma.issue.update({ where: { id: issue.id }, data: { audienceTagIds: [rust.id, ai.id, rust.id], audienceMatch: "any" } });
    expect(await startSend(prisma, { issueId: issue.id, audience: { tagIds: [ai.id, rust.id], match: "all" } })).toEqual({ started: false, reason: "audience-changed" });
    // The same set, in another order and with a repeat: it starts, for the stored segment.
    expect(await startSend(prisma, { issueId: issue.id, audience: { tagIds: [ai.id, rust.id], match: "any" } })).toEqual({ started: true, recipients: 3 });
  });

  it("refuses to schedule for an audience someone changed since the editor saw it, with the same message as a send now", async () => {
    const { issue, ai, rust } = await audience();
    const editor = await createUser(prisma, { role: "editor" });
    const at = new Date(Date.now() + 86_400_000);
    await commands.setIssueSegment(prisma, editor, { issueId: issue.id, tagIds: [ai.id], match: "any" });
    // Another editor widens it to everyone after the first one chose "any of AI" and before they press Schedule.
    await commands.setIssueSegment(prisma, editor, { issueId: issue.id, tagIds: [], match: "any" });
    const seen = { tagIds: [ai.id], match: "any" as const };
    const refused = await commands.scheduleIssue(prisma, editor, { issueId: issue.id, at, audience: seen });
    const sendNowRefusal = await commands.sendNow(prisma, editor, { issueId: issue.id, audience: seen });
    expect(refused).toEqual({ scheduled: false, reason: "stale", message: expect.stringContaining("who this issue goes to") });
    expect(refused).toMatchObject({ message: (sendNowRefusal as { message: string }).message });
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id }, select: { status: true, scheduledAt: true } })).toEqual({ status: "draft", scheduledAt: null });
    // The audience on screen is the stored one (the same tags in another order, the match confirmed): it is scheduled.
    await commands.setIssueSegment(prisma, editor, { issueId: issue.id, tagIds: [rust.id, ai.id], match: "all" });
    expect(await commands.scheduleIssue(prisma, editor, { issueId: issue.id, at, audience: { tagIds: [ai.id, rust.id], match: "any" } })).toMatchObject({ scheduled: false, reason: "stale" });
    expect(await commands.scheduleIssue(prisma, editor, { issueId: issue.id, at, audience: { tagIds: [ai.id, rust.id], match: "all" } })).toEqual({ scheduled: true, at });
    // Moving the scheduled issue to another time after its audience changed is refused too, and leaves the schedule as it was.
    await commands.setIssueSegment(prisma, editor, { issueId: issue.id, tagIds: [rust.id], match: "all" });
    const later = new Date(at.getTime() + 3_600_000);
    expect(await commands.scheduleIssue(prisma, editor, { issueId: issue.id, at: later, audience: { tagIds: [ai.id, rust.id], match: "all" } })).toMatchObject({ scheduled: false, reason: "stale", message: expect.stringContaining("who this issue goes to") });
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id }, select: { status: true, scheduledAt: true } })).toEqual({ status: "scheduled", scheduledAt: at });
  });

  it("checks the confirmed audience in the UPDATE that schedules, so a change during the pre-send checks stops it", async () => {
    const { issue, ai, rust } = await audience();
    const at = new Date(Date.now() + 86_400_000);
    // The stored segment is everyone; the member saw "any of AI" (as if it changed after the command's first look).
    expect(await scheduleIssue(prisma, { issueId: issue.id, at, audience: { tagIds: [ai.id], match: "any" } })).toEqual({ scheduled: false, reason: "audience-changed" });
    expect(await prisma.issue.findUniqueOrThrow({ where: { id: issue.id }, select: { status: true, scheduledAt: true } })).toEqual({ status: "draft", scheduledAt: null });
    await prisma.issue.update({ where: { id: issue.id }, data: { audienceTagIds: [rust.id, ai.id, rust.id], audienceMatch: "any" } });
    expect(await scheduleIssue(prisma, { issueId: issue.id, at, audience: { tagIds: [ai.id, rust.id], match: "all" } })).toEqual({ scheduled: false, reason: "audience-changed" });
    expect(await scheduleIssue(prisma, { issueId: issue.id, at, audience: { tagIds: [ai.id, rust.id], match: "any" } })).toEqual({ scheduled: true, at });
    // A send that started meanwhile is not an audience change: it is no longer schedulable.
    expect(await startSend(prisma, { issueId: issue.id })).toMatchObject({ started: true });
    expect(await scheduleIssue(prisma, { issueId: issue.id, at, audience: { tagIds: [ai.id, rust.id], match: "any" } })).toEqual({ scheduled: false, reason: "not-schedulable", status: "sending" });
  });
});
