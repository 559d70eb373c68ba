import { parse } from "csv-parse/sync";
import { beforeEach, describe, expect, it } from "vitest";
import { exportSubscribersCsv } from "@/lib/audience/export-subscribers";
import { guessMapping } from "@/lib/audience/import/mapping";
import { parseRow } from "@/lib/audience/import/parse-row";
import { countSubscribers, listSubscribers, SUBSCRIBERS_PER_PAGE } from "@/lib/audience/list-subscribers";
import { addSubscriber, editSubscriber, eraseSubscriber, resendConfirmation } from "@/lib/audience/manage-subscriber";
import { subscriberHistory } from "@/lib/audience/subscriber-history";
import { startSend } from "@/lib/delivery/start-send";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createSendableIssue, createSubscriber, createUser } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

describe("the subscribers list", () => {
  it("pages by keyset through every row exactly once, filters by status and search, and counts per status", async () => {
    const publication = await createPublication(prisma);
    const total = SUBSCRIBERS_PER_PAGE * 2 + 7;
    await prisma.subscriber.createMany({
      data: Array.from({ length: total }, (_, i) => ({
        publicationId: publication.id,
        email: `person${i}@mail.example.com`,
        name: i % 10 === 0 ? `Tenth ${i}` : null,
        status: i % 3 === 0 ? ("unsubscribed" as const) : ("active" as const),
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      })),
    });
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await listSubscribers(prisma, { publicationId: publication.id, after });
      seen.push(...page.subscribers.map((s) => s.email));
      after = page.nextCursor ?? undefined;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen[0]).toBe(`person${total - 1}@mail.example.com`);

    const unsubscribed = await listSubscribers(prisma, { publicationId: publication.id, status: "unsubscribed" });
    expect(unsubscribed.subscribers.every((s) => s.status === "unsubscribed")).toBe(true);
    const byName = await listSubscribers(prisma, { publicationId: publication.id, query: "tenth 1" });
    expect(byName.subscribers.map((s) => s.name).sort()).toEqual(["Tenth 10", "Tenth 100"]);
    const byEmail = await listSubscribers(prisma, { publicationId: publication.id, query: "PERSON10@", sort: "email" });
    expect(byEmail.subscribers.map((s) => s.email)).toEqual(["person10@mail.example.com"]);

    const counts = await countSubscribers(prisma, { publicationId: publication.id });
    expect(counts.total).toBe(total);
    expect(counts.byStatus.unsubscribed).toBe(Math.ceil(total / 3));
    expect(counts.byStatus.active).toBe(total - Math.ceil(total / 3));
    // What is typed is matched as it is: "%" and "_" are characters, not LIKE's wildcards.
    await createSubscriber(prisma, { publicationId: publication.id, email: "under_score@mail.example.com", name: "100% sure" });
    for (const [query, found] of [["%", ["under_score@mail.example.com"]], ["_", ["under_score@mail.example.com"]], ["r_s", ["under_score@mail.example.com"]], ["person1_", []], ["\\", []]] as const) {
      const page = await listSubscribers(prisma, { publicationId: publication.id, query });
      expect(page.subscribers.map((s) => s.email), query).toEqual(found);
    }
  });
});

describe("managing subscribers", () => {
  it("adds with consent as active, without as pending with a confirmation email, and never twice", async () => {
    await createPublication(prisma, { name: "Grid Notes" });
    const editor = await createUser(prisma, { role: "editor" });
    expect(await addSubscriber(prisma, editor, { email: "yes@mail.example.com", name: "Yes", consent: "on" })).toMatchObject({ ok: true, status: "active" });
    expect(await addSubscriber(prisma, editor, { email: "maybe@mail.example.com" })).toMatchObject({ ok: true, status: "pending" });
    expect(await prisma.outboxMessage.findMany({ where: { toAddress: "maybe@mail.example.com" } })).toHaveLength(1);
    expect(await prisma.subscriber.findFirstOrThrow({ where: { email: "maybe@mail.example.com" } })).toMatchObject({ status: "pending", source: "manual" });
    expect(await addSubscriber(prisma, editor, { email: "YES@mail.example.com", consent: "on" })).toMatchObject({ ok: false, reason: "exists" });
    expect(await addSubscriber(prisma, editor, { email: "nope" })).toMatchObject({ ok: false, reason: "invalid", fieldErrors: { email: "must be an email address" } });
  });

  it("sends a pending subscriber the confirmation email again, at most once per 10 minutes, and nobody else", async () => {
    const publication = await createPublication(prisma, { name: "Grid Notes" });
    const editor = await createUser(prisma, { role: "editor" });
    const added = await addSubscriber(prisma, editor, { email: "slow@mail.example.com" });
    if (!added.ok) throw new Error("not added");
    const mail = () => prisma.outboxMessage.count({ where: { toAddress: "slow@mail.example.com" } });
    expect(await mail()).toBe(1);
    expect(await resendConfirmation(prisma, editor, { id: added.id })).toMatchObject({ ok: false, reason: "not-sent" });
    expect(await mail()).toBe(1);
    // Ten minutes later (the window's row gone), it goes.
    await prisma.rateLimitBucket.deleteMany({ where: { key: { startsWith: "confirm-mail:" } } });
    expect(await resendConfirmation(prisma, editor, { id: added.id })).toEqual({ ok: true });
    expect(await mail()).toBe(2);
    const active = await createSubscriber(prisma, { publicationId: publication.id, email: "here@mail.example.com", status: "active" });
    expect(await resendConfirmation(prisma, editor, { id: active.id })).toMatchObject({ ok: false, reason: "not-pending" });
    expect(await resendConfirmation(prisma, editor, { id: "missing" })).toMatchObject({ ok: false, reason: "not-found" });
    expect(await prisma.outboxMessage.count({ where: { toAddress: "here@mail.example.com" } })).toBe(0);
  });

  it("renames and unsubscribes, but never resubscribes someone", async () => {
    const publication = await createPublication(prisma);
    const editor = await createUser(prisma, { role: "editor" });
    const subscriber = await createSubscriber(prisma, { publicationId: publication.id, status: "active" });
    expect(await editSubscriber(prisma, editor, { id: subscriber.id, name: "New Name", unsubscribe: "on" })).toEqual({ ok: true });
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).toMatchObject({ name: "New Name", status: "unsubscribed" });
    expect(await editSubscriber(prisma, editor, { id: "missing", name: "x" })).toEqual({ ok: false, reason: "not-found" });
  });

  it("erases a person (GDPR) and keeps the send's counts", async () => {
    const { issue } = await createSendableIssue(prisma, { recipients: 3 });
    const editor = await createUser(prisma, { role: "editor" });
    await startSend(prisma, { issueId: issue.id });
    const delivery = await prisma.delivery.findFirstOrThrow({ include: { subscriber: true } });
    await prisma.outboxMessage.create({ data: { deliveryId: delivery.id, fromAddress: "a@b.c", toAddress: delivery.subscriber.email, subject: "s", html: "h", text: "t" } });

    expect(await eraseSubscriber(prisma, editor, { id: delivery.subscriberId })).toBe(true);
    const erased = await prisma.subscriber.findUniqueOrThrow({ where: { id: delivery.subscriberId } });
    expect(erased).toMatchObject({ name: null, status: "unsubscribed", source: "erased" });
    expect(erased.email).not.toContain(delivery.subscriber.email.split("@")[0]!);
    expect(await prisma.outboxMessage.count({ where: { toAddress: delivery.subscriber.email } })).toBe(0);
    expect(await prisma.delivery.count({ where: { issueId: issue.id } })).toBe(3);
    // Queued mail to them is dropped, the rest of the send goes on.
    expect(await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "skipped" });
    expect(await prisma.delivery.count({ where: { issueId: issue.id, status: "queued" } })).toBe(2);
    expect(await eraseSubscriber(prisma, editor, { id: delivery.subscriberId })).toBe(false);
    // Their old links no longer work, so nothing can bring the row back.
    const { signSubscriberToken } = await import("@/lib/auth/subscriber-token");
    const { signingSecret } = await import("@/lib/auth/signing-secret");
    const token = signSubscriberToken({ subscriberId: delivery.subscriberId, purpose: "preferences", secret: signingSecret() });
    const { updatePreferences } = await import("@/lib/subscribers/preferences");
    expect(await updatePreferences(prisma, { token, secret: signingSecret(), input: { action: "resubscribe" } })).toEqual({ ok: false, reason: "invalid-link" });
    expect(await editSubscriber(prisma, editor, { id: delivery.subscriberId, name: "Back", unsubscribe: "" })).toEqual({ ok: false, reason: "not-found" });
  });

  it("tells a subscriber's history: joined, each send, what the provider reported, and an unsubscribe through an issue", async () => {
    const { issue } = await createSendableIssue(prisma, { recipients: 1 });
    await startSend(prisma, { issueId: issue.id });
    const delivery = await prisma.delivery.findFirstOrThrow();
    await prisma.delivery.update({ where: { id: delivery.id }, data: { status: "sent", sentAt: new Date(Date.now() + 1000) } });
    await prisma.deliveryEvent.create({ data: { webhookId: "w1", deliveryId: delivery.id, type: "opened", occurredAt: new Date(Date.now() + 2000) } });
    await prisma.deliveryEvent.create({ data: { webhookId: "w2", deliveryId: delivery.id, type: "clicked", url: "https://example.com/story", occurredAt: new Date(Date.now() + 3000) } });
    await prisma.deliveryEvent.create({ data: { webhookId: `unsubscribe:${delivery.id}`, deliveryId: delivery.id, type: "unsubscribed", occurredAt: new Date(Date.now() + 4000) } });
    const history = await subscriberHistory(prisma, delivery.subscriberId);
    expect(history!.entries.map((entry) => entry.kind)).toEqual(["unsubscribed", "clicked", "opened", "sent", "joined"]);
    expect(history!.entries[0]!.detail).toBe(`Unsubscribed through the link in #${issue.number} ${issue.title}`);
    expect(history!.entries[1]!.detail).toContain("https://example.com/story");
  });
});

describe("CSV export", () => {
  it("streams the filtered view as CSV a spreadsheet cannot run", async () => {
    const publication = await createPublication(prisma);
    await createSubscriber(prisma, { publicationId: publication.id, email: "plain@mail.example.com", name: "Ada, \"the\" Countess\nof Lovelace", status: "active" });
    await createSubscriber(prisma, { publicationId: publication.id, email: "formula@mail.example.com", name: "=HYPERLINK(\"x\")", status: "active" });
    await createSubscriber(prisma, { publicationId: publication.id, email: "gone@mail.example.com", status: "unsubscribed" });
    const text = await new Response(exportSubscribersCsv(prisma, { publicationId: publication.id, status: "active" })).text();
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.email).sort()).toEqual(["formula@mail.example.com", "plain@mail.example.com"]);
    expect(rows.find((row) => row.email === "plain@mail.example.com")!.name).toBe("Ada, \"the\" Countess\nof Lovelace");
    expect(rows.find((row) => row.email === "formula@mail.example.com")!.name).toBe("'=HYPERLINK(\"x\")");
    expect(Object.keys(rows[0]!)).toEqual(["email", "name", "tags", "status", "source", "created_at"]);
  });

  it("exports in the list's order, newest first unless another sort is chosen, across chunks", async () => {
    const publication = await createPublication(prisma);
    // Ids made in one order, join dates in another: an import or the demo seed gives old dates to new rows.
    const joined = [3, 1, 4, 0, 2].map((day) => new Date(Date.UTC(2026, 0, 1 + day)));
    for (const [n, createdAt] of joined.entries()) await createSubscriber(prisma, { publicationId: publication.id, email: `s${n}@mail.example.com`, createdAt });
    const exported = async (sort?: "newest" | "oldest" | "email") =>
      (parse(await new Response(exportSubscribersCsv(prisma, { publicationId: publication.id, sort })).text(), { columns: true }) as Record<string, string>[]).map((row) => row.email);
    const listed = async (sort: "newest" | "oldest" | "email") => (await listSubscribers(prisma, { publicationId: publication.id, sort })).subscribers.map((row) => row.email);
    expect(await exported()).toEqual(await listed("newest"));
    expect(await exported()).toEqual(["s2", "s0", "s4", "s1", "s3"].map((s) => `${s}@mail.example.com`));
    expect(await exported("oldest")).toEqual(await listed("oldest"));
    expect(await exported("email")).toEqual(await listed("email"));

    // Past the export's chunk of 2,000 rows, with many sharing a join date: the seek goes on where the last chunk ended.
    await prisma.subscriber.deleteMany();
    const many = Array.from({ length: 2_150 }, (_, n) => ({ publicationId: publication.id, email: `m${n}@mail.example.com`, status: "active" as const, createdAt: new Date(Date.UTC(2026, 0, 1 + (n * 7) % 30)) }));
    await prisma.subscriber.createMany({ data: many });
    const all = await prisma.subscriber.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { email: true } });
    const newest = await exported();
    expect(newest).toHaveLength(2_150);
    expect(newest).toEqual(all.map((row) => row.email));
  });

  it("names each subscriber's tags the way the import reads them, so an export imports back with its tags", async () => {
    const publication = await createPublication(prisma);
    const [ada, grace] = await Promise.all(["ada@mail.example.com", "grace@mail.example.com"].map((email) => createSubscriber(prisma, { publicationId: publication.id, email, status: "active" })));
    const tags = await Promise.all(["Early readers", "Grid storage"].map((name, i) => prisma.tag.create({ data: { publicationId: publication.id, name, slug: `tag-${i}` } })));
    await prisma.subscriberTag.createMany({ data: [{ subscriberId: ada!.id, tagId: tags[1]!.id }, { subscriberId: ada!.id, tagId: tags[0]!.id }] });
    const rows = parse(await new Response(exportSubscribersCsv(prisma, { publicationId: publication.id })).text(), { columns: true }) as Record<string, string>[];
    expect(rows.find((row) => row.email === ada!.email)!.tags).toBe("Early readers; Grid storage");
    expect(rows.find((row) => row.email === grace!.email)!.tags).toBe("");
    // Read back by the import's own row parser: the same tags.
    const header = Object.keys(rows[0]!);
    const parsed = parseRow(Object.values(rows.find((row) => row.email === ada!.email)!), guessMapping(header), header.length, new Date());
    expect(parsed.ok && parsed.value.tags.sort()).toEqual(["Early readers", "Grid storage"]);
  });

  it("exports thousands of rows across chunks without losing or repeating one", async () => {
    const publication = await createPublication(prisma);
    await prisma.subscriber.createMany({ data: Array.from({ length: 4_500 }, (_, i) => ({ publicationId: publication.id, email: `bulk${i}@mail.example.com`, status: "active" as const })) });
    const rows = parse(await new Response(exportSubscribersCsv(prisma, { publicationId: publication.id })).text(), { columns: true }) as { email: string }[];
    expect(rows).toHaveLength(4_500);
    expect(new Set(rows.map((row) => row.email)).size).toBe(4_500);
  });
});
