/**
 * The HTTP API (/api/v1/subscribers, lib/api/) through its real route handlers on a real database:
 * keys made and revoked by the owner's commands, each refusal (no key, a bad one, a revoked one, a
 * read-only key writing, malformed bodies, too many requests), and what each call does.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { DELETE, GET as getOne, PATCH } from "@/app/api/v1/subscribers/[id]/route";
import { GET as list, POST } from "@/app/api/v1/subscribers/route";
import { GET as getIssue, PUT as replaceIssue } from "@/app/api/v1/issues/[number]/route";
import { GET as listIssues, POST as createIssue } from "@/app/api/v1/issues/route";
import { getBlockDefinition } from "@/lib/blocks/registry";
import { listRevisions } from "@/lib/issues/revisions";
import { seedDemoContent } from "@/lib/demo/seed-demo";
import { exportIssueMarkdown } from "@/lib/issues/export-issue-markdown";
import { importIssueMarkdown } from "@/lib/issues/import-issue-markdown";
import { hashApiKey } from "@/lib/api/api-keys";
import { answerOncePerKey } from "@/lib/api/answer-once-per-key";
import { createApiIssue } from "@/lib/api/api-issue-drafts";
import { API_BODY_LIMIT, type ApiResult } from "@/lib/api/api-result";
import { API_RATE_LIMIT, authenticateApiRequest } from "@/lib/api/authenticate-api-request";
import type { Actor } from "@/lib/auth/permissions";
import { commands } from "@/lib/commands";
import { pruneExpired } from "@/lib/maintenance/prune-expired";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createSubscriber, createUser } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

const BASE = "https://news.example.com/api/v1/subscribers";

async function setup() {
  const publication = await createPublication(prisma);
  const user = await createUser(prisma, { role: "owner", email: "owner@example.com" });
  const owner: Actor = { id: user.id, role: "owner", email: user.email, name: null };
  const make = async (access: "read" | "write") => {
    const created = await commands.createApiKey(prisma, owner, { name: `${access} key`, access });
    if (!created.ok) throw new Error("no key");
    return created;
  };
  return { publication, owner, write: await make("write"), read: await make("read") };
}

type Call = { key?: string; body?: unknown; raw?: string; type?: string; headers?: Record<string, string> };
function request(url: string, method: string, { key, body, raw, type = "application/json", headers = {} }: Call = {}) {
  const all: Record<string, string> = { ...headers };
  if (key) all.authorization = `Bearer ${key}`;
  if (body !== undefined || raw !== undefined) all["content-type"] = type;
  return new Request(url, { method, headers: all, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
}
const params = (id: string) => ({ params: Promise.resolve({ id: encodeURIComponent(id) }) });
const json = async (response: Response) => (await response.json()) as { data?: Record<string, unknown> & Record<string, unknown>[]; next?: string | null; error?: { code: string; message: string; fields?: Record<string, string>; id?: string } };

describe("API keys", () => {
  it("are shown once in full and stored only as their hash; a revoked key is refused at once", async () => {
    const { write } = await setup();
    expect(write.key).toMatch(/^wk_[A-Za-z0-9_-]{43}$/);
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: write.id } });
    expect(row).toMatchObject({ keyHash: hashApiKey(write.key), prefix: write.key.slice(0, 11), role: "editor", lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(row)).not.toContain(write.key);

    expect((await list(request(BASE, "GET", { key: write.key }))).status).toBe(200);
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: write.id } })).lastUsedAt).toBeInstanceOf(Date);
    const owner = await prisma.user.findFirstOrThrow();
    expect(await commands.revokeApiKey(prisma, { id: owner.id, role: "owner", email: owner.email, name: null }, { id: write.id })).toEqual({ ok: true });
    const refused = await list(request(BASE, "GET", { key: write.key }));
    expect(refused.status).toBe(401);
  });

  it("refuses a missing, malformed, unknown or revoked key with the same answer, and names the header", async () => {
    const { read } = await setup();
    const unknown = `wk_${"A".repeat(43)}`;
    const answers = [];
    for (const headers of [{} as Record<string, string>, { authorization: "Basic dXNlcjpwYXNz" }, { authorization: `Bearer ${read.key}x` }, { authorization: `Bearer ${unknown}` }, { authorization: read.key }]) {
      const response = await list(request(BASE, "GET", { headers }));
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="api"');
      answers.push(JSON.stringify(await response.json()));
    }
    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0]!)).toEqual({ error: { code: "unauthorized", message: "Send a valid API key as `Authorization: Bearer wk_…` (Settings → API keys)." } });
  });

  it(`allows ${API_RATE_LIMIT.limit} requests a minute per key, then answers 429 with Retry-After, and other keys go on`, async () => {
    const { read, write } = await setup();
    for (let n = 0; n < API_RATE_LIMIT.limit; n++) expect((await list(request(BASE, "GET", { key: read.key }))).status).toBe(200);
    const limited = await list(request(BASE, "GET", { key: read.key }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await json(limited)).error?.code).toBe("rate-limited");
    expect((await list(request(BASE, "GET", { key: write.key }))).status).toBe(200);
  });
});

describe("the subscribers API", () => {
  it("adds a subscriber with consent as active, with tags, from the API; the same address again is 409 with its id", async () => {
    const { write } = await setup();
    const response = await POST(request(BASE, "POST", { key: write.key, body: { email: "Ada@Readers.example", name: "Ada", consent: true, tags: ["Early readers", "robots"] } }));
    expect(response.status).toBe(201);
    const { data } = await json(response);
    expect(data).toMatchObject({ email: "Ada@Readers.example", name: "Ada", status: "active", source: "api", tags: ["Early readers", "robots"] });
    expect(await prisma.outboxMessage.count()).toBe(0);

    const again = await POST(request(BASE, "POST", { key: write.key, body: { email: "ada@readers.EXAMPLE" } }));
    expect(again.status).toBe(409);
    expect((await json(again)).error).toMatchObject({ code: "exists", id: data!.id });
  });

  it("adds one without consent as pending, and mails the double opt-in confirmation", async () => {
    const { write } = await setup();
    const response = await POST(request(BASE, "POST", { key: write.key, body: { email: "maybe@readers.example" } }));
    expect(response.status).toBe(201);
    expect((await json(response)).data).toMatchObject({ status: "pending", source: "api" });
    const mail = await prisma.outboxMessage.findMany({ where: { toAddress: "maybe@readers.example" } });
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toMatch(/\/confirm\?token=/);
  });

  it("adds pending subscribers past the public form's per-caller limit, each mailed once; the same address twice at once is one subscriber", async () => {
    const { write } = await setup();
    for (let n = 0; n < 25; n++) {
      const response = await POST(request(BASE, "POST", { key: write.key, body: { email: `sync${n}@readers.example` } }));
      expect(response.status, `sync${n}`).toBe(201);
    }
    expect(await prisma.subscriber.count({ where: { status: "pending", source: "api" } })).toBe(25);
    expect(await prisma.outboxMessage.count()).toBe(25);

    const twice = await Promise.all([0, 1].map(() => POST(request(BASE, "POST", { key: write.key, body: { email: "race@readers.example", consent: true } }))));
    expect(twice.map((response) => response.status).sort()).toEqual([201, 409]);
    expect(await prisma.subscriber.count({ where: { email: "race@readers.example" } })).toBe(1);
  });

  it("refuses malformed bodies with the reason, and adds nobody", async () => {
    const { write } = await setup();
    const cases: [Call, number, string][] = [
      [{ body: { email: "not an address" } }, 422, "invalid"],
      [{ body: { email: "a@readers.example", consnet: true } }, 422, "invalid"],
      [{ body: { email: "a@readers.example", consent: "yes" } }, 422, "invalid"],
      [{ body: { email: "a@readers.example", tags: "robots" } }, 422, "invalid"],
      [{ body: { email: "a@readers.example", tags: Array.from({ length: 21 }, (_, n) => `t${n}`) } }, 422, "invalid"],
      [{ body: ["a@readers.example"] }, 422, "invalid"],
      [{ raw: '{"email": "a@readers.example"' }, 400, "bad-json"],
      [{ raw: "email=a@readers.example", type: "application/x-www-form-urlencoded" }, 415, "unsupported-media-type"],
      [{ raw: JSON.stringify({ email: "a@readers.example", name: "x".repeat(API_BODY_LIMIT) }) }, 413, "too-large"],
    ];
    for (const [call, status, code] of cases) {
      const response = await POST(request(BASE, "POST", { key: write.key, ...call }));
      expect(response.status, JSON.stringify(call).slice(0, 80)).toBe(status);
      expect((await json(response)).error?.code).toBe(code);
    }
    const invalid = await json(await POST(request(BASE, "POST", { key: write.key, body: { email: "not an address", consnet: true } })));
    expect(Object.keys(invalid.error?.fields ?? {}).length).toBeGreaterThan(0);
    expect(await prisma.subscriber.count()).toBe(0);
  });

  it("lets a read-only key read and nothing else: each change is 403 and changes nothing", async () => {
    const { publication, read } = await setup();
    const ada = await createSubscriber(prisma, { publicationId: publication.id, email: "ada@readers.example", name: "Ada", status: "active" });
    expect((await getOne(request(`${BASE}/x`, "GET", { key: read.key }), params(ada.id))).status).toBe(200);
    const before = JSON.stringify(await prisma.subscriber.findMany({ orderBy: { id: "asc" } }));
    const refusals = [
      await POST(request(BASE, "POST", { key: read.key, body: { email: "new@readers.example", consent: true } })),
      await PATCH(request(`${BASE}/x`, "PATCH", { key: read.key, body: { status: "unsubscribed" } }), params(ada.id)),
      await DELETE(request(`${BASE}/x`, "DELETE", { key: read.key }), params(ada.id)),
    ];
    for (const response of refusals) {
      expect(response.status).toBe(403);
      expect((await json(response)).error).toEqual({ code: "forbidden", message: "This key may not do that: it is a read-only key." });
    }
    expect(JSON.stringify(await prisma.subscriber.findMany({ orderBy: { id: "asc" } }))).toBe(before);
  });

  it("reads one by id or by address, changes its name, tags and status, refuses to resubscribe, and erases it", async () => {
    const { publication, write } = await setup();
    const jo = await createSubscriber(prisma, { publicationId: publication.id, email: "jo+news@readers.example", name: "Jo", status: "active" });
    const byEmail = await getOne(request(`${BASE}/x`, "GET", { key: write.key }), params("JO+news@readers.example"));
    expect((await json(byEmail)).data).toMatchObject({ id: jo.id, email: "jo+news@readers.example", tags: [] });
    expect((await getOne(request(`${BASE}/x`, "GET", { key: write.key }), params("nobody@readers.example"))).status).toBe(404);

    const patch = (body: unknown) => PATCH(request(`${BASE}/x`, "PATCH", { key: write.key, body }), params(jo.id));
    expect((await json(await patch({ tags: ["a", "b"] }))).data).toMatchObject({ name: "Jo", status: "active", tags: ["a", "b"] });
    expect((await json(await patch({ name: "Jo Reader", tags: ["b", "c"] }))).data).toMatchObject({ name: "Jo Reader", tags: ["b", "c"] });
    const resubscribe = await patch({ status: "active" });
    expect(resubscribe.status).toBe(422);
    expect((await json(resubscribe)).error?.fields).toEqual({ status: "can only become unsubscribed: only the subscriber can start their mail again" });
    expect((await json(await patch({ status: "unsubscribed", name: null }))).data).toMatchObject({ name: null, status: "unsubscribed", tags: ["b", "c"] });

    const erased = await DELETE(request(`${BASE}/x`, "DELETE", { key: write.key }), params("jo+news@readers.example"));
    expect(erased.status).toBe(204);
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: jo.id } })).toMatchObject({ source: "erased", name: null, email: `erased-${jo.id}@erased.invalid` });
    expect((await getOne(request(`${BASE}/x`, "GET", { key: write.key }), params(jo.id))).status).toBe(404);
    expect((await DELETE(request(`${BASE}/x`, "DELETE", { key: write.key }), params(jo.id))).status).toBe(404);
    expect((await json(await list(request(BASE, "GET", { key: write.key })))).data).toEqual([]);
  });


  it("keeps tags in any script, and refuses a tag name with no letter or digit rather than dropping it and the subscriber's other tags", async () => {
    const { publication, write } = await setup();
    const jo = await createSubscriber(prisma, { publicationId: publication.id, email: "jo@readers.example" });
    const patch = (body: unknown) => PATCH(request(`${BASE}/x`, "PATCH", { key: write.key, body }), params(jo.id));
    expect((await json(await patch({ tags: ["VIP", "Новости", "機械学習"] }))).data).toMatchObject({ tags: expect.arrayContaining(["VIP", "Новости", "機械学習"]) });
    // The same name in another case is the same tag.
    expect((await json(await patch({ tags: ["новости"] }))).data).toMatchObject({ tags: ["Новости"] });
    expect(await prisma.tag.count({ where: { publicationId: publication.id } })).toBe(3);
    // Names that share only their Latin part are different tags.
    expect((await json(await patch({ tags: ["Новости 2024", "Спорт 2024", "AI Новости", "AI"] }))).data).toMatchObject({ tags: expect.arrayContaining(["Новости 2024", "Спорт 2024", "AI Новости", "AI"]) });
    expect(await prisma.tag.count({ where: { publicationId: publication.id } })).toBe(7);
    await patch({ tags: ["Новости"] });
    const refused = await patch({ tags: ["Новости", "!!!"] });
    expect(refused.status).toBe(422);
    expect(JSON.stringify((await json(refused)).error?.fields)).toContain("need a letter or a digit");
    expect((await json(await one(jo.id))).data).toMatchObject({ tags: ["Новости"] });

    async function one(id: string) {
      return getOne(request(`${BASE}/x`, "GET", { key: write.key }), params(id));
    }
  });

  it("takes `_` and `%` in an address as themselves: john_smith@ is not john.smith@, for the API, the form, erasure and the data export", async () => {
    const { publication, write } = await setup();
    const john = await createSubscriber(prisma, { publicationId: publication.id, email: "John.Smith@gmail.example", status: "active" });
    await prisma.outboxMessage.create({ data: { toAddress: "john.smith@gmail.example", fromAddress: "news@example.com", subject: "Welcome, John", html: "", text: "", headers: {} } });
    const one = (id: string, method = "GET", body?: unknown) =>
      (method === "GET" ? getOne : method === "PATCH" ? PATCH : DELETE)(request(`${BASE}/x`, method, { key: write.key, body }), params(id));
    for (const lookalike of ["john_smith@gmail.example", "%@%", "john%@gmail.example"]) {
      expect((await one(lookalike)).status).toBe(404);
      expect((await one(lookalike, "PATCH", { status: "unsubscribed" })).status).toBe(404);
      expect((await one(lookalike, "DELETE")).status).toBe(404);
    }
    expect((await json(await one("JOHN.SMITH@gmail.example"))).data).toMatchObject({ id: john.id, status: "active" });

    // A different person with a lookalike address is a new subscriber, from the API and from the public form.
    const added = await POST(request(BASE, "POST", { key: write.key, body: { email: "john_smith@gmail.example", consent: true } }));
    expect(added.status).toBe(201);
    const { requestSubscription } = await import("@/lib/subscribers/request-subscription");
    const signUp = await requestSubscription(prisma, { email: "j_hn.smith@gmail.example" }, { ip: "198.51.100.7", appUrl: "https://news.example.com", secret: "subscribe-test-secret-long-enough-0123456789" });
    expect(signUp.outcome).toBe("accepted");
    await (signUp as { followUp: () => Promise<void> }).followUp();
    expect(await prisma.subscriber.findFirst({ where: { email: "j_hn.smith@gmail.example" } })).toMatchObject({ status: "pending" });
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: john.id } })).toMatchObject({ status: "active", source: john.source });

    // John's data export lists his mail only; erasing the lookalike takes only its own.
    const lookalike = (await json(added)).data!.id as string;
    await prisma.outboxMessage.create({ data: { toAddress: "john_smith@gmail.example", fromAddress: "news@example.com", subject: "Welcome, lookalike", html: "", text: "", headers: {} } });
    const { exportSubscriberData } = await import("@/lib/audience/export-subscriber-data");
    const exported = JSON.stringify(await exportSubscriberData(prisma, john.id));
    expect(exported).toContain("Welcome, John");
    expect(exported).not.toContain("Welcome, lookalike");
    expect((await one(lookalike, "DELETE")).status).toBe(204);
    const left = await prisma.outboxMessage.findMany({ where: { subject: { startsWith: "Welcome," } }, select: { subject: true } });
    expect(left.map((m) => m.subject)).toEqual(["Welcome, John"]);
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: john.id } })).toMatchObject({ status: "active", email: "John.Smith@gmail.example" });
  });
  it("lists 50 a page with `next`, filtered by status and tag name, and refuses an unknown filter value", async () => {
    const { publication, write } = await setup();
    for (let n = 0; n < 60; n++) await createSubscriber(prisma, { publicationId: publication.id, email: `r${n}@readers.example`, status: n % 3 === 0 ? "unsubscribed" : "active" });
    const tag = await prisma.tag.create({ data: { publicationId: publication.id, name: "Early readers", slug: "early-readers" } });
    const tagged = await prisma.subscriber.findMany({ where: { status: "active" }, take: 3, select: { id: true } });
    await prisma.subscriberTag.createMany({ data: tagged.map(({ id }) => ({ subscriberId: id, tagId: tag.id })) });

    const first = await json(await list(request(BASE, "GET", { key: write.key })));
    expect(first.data).toHaveLength(50);
    const second = await json(await list(request(`${BASE}?after=${first.next}`, "GET", { key: write.key })));
    expect(second.data).toHaveLength(10);
    expect(second.next).toBeNull();
    expect(new Set([...first.data!, ...second.data!].map((row) => row.id)).size).toBe(60);

    const active = await json(await list(request(`${BASE}?status=active`, "GET", { key: write.key })));
    expect(active.data).toHaveLength(40);
    const byTag = await json(await list(request(`${BASE}?tag=${encodeURIComponent("early READERS")}`, "GET", { key: write.key })));
    expect(byTag.data!.map((row) => row.id).sort()).toEqual(tagged.map(({ id }) => id).sort());
    expect((await json(await list(request(`${BASE}?tag=nothing-like-it`, "GET", { key: write.key })))).data).toEqual([]);

    const wrong = await list(request(`${BASE}?status=gone`, "GET", { key: write.key }));
    expect(wrong.status).toBe(422);
    expect((await json(wrong)).error?.fields).toEqual({ status: "must be one of active, pending, unsubscribed, bounced, complained" });
  });
});

describe("the issues API", () => {
  async function demo() {
    await seedDemoContent(prisma, { siteUrl: "https://news.example.com" });
    const user = await createUser(prisma, { role: "owner", email: "owner@example.com" });
    const created = await commands.createApiKey(prisma, { id: user.id, role: "owner", email: user.email, name: null }, { name: "Site widget", access: "read" });
    if (!created.ok) throw new Error("no key");
    return created.key;
  }
  const ISSUES = "https://news.example.com/api/v1/issues";
  const issueParams = (number: string) => ({ params: Promise.resolve({ number }) });

  it("lists the published issues, newest first, never a draft, with their pages' addresses", async () => {
    const key = await demo();
    const answer = await json(await listIssues(request(ISSUES, "GET", { key })));
    expect(answer.data!.map((issue) => issue.number)).toEqual([2, 1]);
    expect(answer.data![0]).toMatchObject({ url: expect.stringMatching(/^https:\/\/news\.example\.com\/issues\/2-[a-z0-9-]+$/), publishedAt: expect.any(String) });
    expect(answer.next).toBeNull();
    expect((await listIssues(request(`${ISSUES}?page=0`, "GET", { key }))).status).toBe(422);
    expect((await listIssues(request(ISSUES, "GET"))).status).toBe(401);
  });

  it("gives one issue as the typed blocks it is made of, and as Markdown that reads back into blocks of the same types and text", async () => {
    const key = await demo();
    const { data } = await json(await getIssue(request(`${ISSUES}/1`, "GET", { key }), issueParams("1")));
    const issue = data as unknown as { title: string; blocks: { type: string; data: unknown }[]; markdown: string };
    expect(issue.blocks.map((block) => block.type)).toContain("roundup");
    const back = importIssueMarkdown(issue.markdown);
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    expect(back.issue.title).toBe(issue.title);
    expect(back.issue.blocks.map((block) => block.type)).toEqual(issue.blocks.map((block) => block.type));
    // Read back and written out again, it is the same Markdown (the reader may spell **bold** as __bold__ in between).
    expect(exportIssueMarkdown(back.issue)).toBe(issue.markdown);
    // A draft, an issue that does not exist, and something that is not a number are all the same 404.
    for (const number of ["3", "99", "1;DROP", "0"]) expect((await getIssue(request(`${ISSUES}/${number}`, "GET", { key }), issueParams(number))).status, number).toBe(404);
  });
});


describe("writing drafts through the issues API", () => {
  const ISSUES = "https://news.example.com/api/v1/issues";
  const issueParams = (number: string) => ({ params: Promise.resolve({ number }) });
  const roundup = () => ({ type: "roundup", data: getBlockDefinition("roundup").example });
  type Draft = { id: string; number: number; status: string; version: number; title: string; preheader: string; topics: string[]; blocks: { type: string; data: unknown; channel: string; topics: string[] }[]; markdown: string; editUrl: string };
  const draftOf = async (response: Response) => (await json(response)).data as unknown as Draft;

  async function withTopics() {
    const keys = await setup();
    await prisma.tag.createMany({
      data: [
        { publicationId: keys.publication.id, name: "Energy", slug: "energy", isPublic: true },
        { publicationId: keys.publication.id, name: "VIP readers", slug: "vip-readers", isPublic: false },
      ],
    });
    return keys;
  }

  it("creates a draft from typed blocks with named topics, numbered after the last issue; its history names the key", async () => {
    const { publication, write, read } = await withTopics();
    await prisma.issue.create({ data: { publicationId: publication.id, number: 7, title: "Last week", slug: "last-week" } });
    const body = { title: "Tides and turbines", preheader: "A winter of power", topics: ["energy"], blocks: [{ ...roundup(), topics: ["Energy"] }, { type: "text", data: { text: "Thanks for *reading*." }, channel: "email_only" }] };

    const created = await createIssue(request(ISSUES, "POST", { key: write.key, body }));
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe("/api/v1/issues/8");
    const draft = await draftOf(created);
    expect(draft).toMatchObject({ number: 8, status: "draft", version: 1, title: "Tides and turbines", preheader: "A winter of power", topics: ["Energy"], editUrl: expect.stringMatching(/\/editor\/issues\/[\w-]+$/) });
    expect(draft.blocks.map((block) => [block.type, block.channel, block.topics])).toEqual([["roundup", "everywhere", ["Energy"]], ["text", "email_only", []]]);
    expect(draft.blocks[0]!.data).toEqual(getBlockDefinition("roundup").example);
    expect(draft.markdown).toContain("# Tides and turbines");

    const stored = await prisma.issue.findUniqueOrThrow({ where: { id: draft.id }, include: { topics: { include: { tag: true } }, blocks: { orderBy: { position: "asc" } } } });
    expect(stored.topics.map((topic) => topic.tag.name)).toEqual(["Energy"]);
    expect(stored.blocks.map((block) => block.channel)).toEqual(["everywhere", "email_only"]);
    const [revision] = await listRevisions(prisma, draft.id);
    expect(revision).toMatchObject({ version: 1, author: null, apiKey: { name: "write key" } });

    // A read key reads what readers read: the draft is not there for it, and it may not write.
    expect((await getIssue(request(`${ISSUES}/8`, "GET", { key: read.key }), issueParams("8"))).status).toBe(404);
    expect(await draftOf(await getIssue(request(`${ISSUES}/8`, "GET", { key: write.key }), issueParams("8")))).toEqual(draft);
    const refused = await createIssue(request(ISSUES, "POST", { key: read.key, body }));
    expect(refused.status).toBe(403);
    expect(await prisma.issue.count()).toBe(2);

    // A write key lists the drafts (newest first, with what a replace needs); a read key may not, and the default list stays the archive's.
    const drafts = await json(await listIssues(request(`${ISSUES}?status=draft`, "GET", { key: write.key })));
    expect(drafts.data!.map((issue) => [issue.number, issue.status, issue.version])).toEqual([[8, "draft", 1], [7, "draft", 1]]);
    expect(drafts.data![0]!.editUrl).toBe(draft.editUrl);
    expect((await listIssues(request(`${ISSUES}?status=draft`, "GET", { key: read.key }))).status).toBe(403);
    expect((await json(await listIssues(request(ISSUES, "GET", { key: write.key })))).data).toEqual([]);
    expect((await json(await listIssues(request(`${ISSUES}?status=sent`, "GET", { key: write.key })))).error?.fields).toEqual({ status: "must be published, draft or scheduled" });
  });

  it("creates a draft from the Markdown a published issue's GET gives, and refuses that format with a broken block instead of guessing", async () => {
    await seedDemoContent(prisma, { siteUrl: "https://news.example.com" });
    const user = await createUser(prisma, { role: "owner", email: "owner@example.com" });
    const write = await commands.createApiKey(prisma, { id: user.id, role: "owner", email: user.email, name: null }, { name: "Drafting script", access: "write" });
    if (!write.ok) throw new Error("no key");
    const published = (await json(await getIssue(request(`${ISSUES}/1`, "GET", { key: write.key }), issueParams("1")))).data as unknown as Draft;

    const copy = await draftOf(await createIssue(request(ISSUES, "POST", { key: write.key, body: { markdown: published.markdown } })));
    expect(copy.title).toBe(published.title);
    expect(copy.blocks.map((block) => block.type)).toEqual(published.blocks.map((block) => block.type));
    // The same text: written out again, it is the same Markdown (the reader may spell **bold** as __bold__ in the data).
    expect(copy.markdown).toBe(published.markdown);

    const before = await prisma.issue.count();
    const broken = await createIssue(request(ISSUES, "POST", { key: write.key, body: { markdown: `${published.markdown}\n\n<!-- block: weather-report -->\nSunny.\n` } }));
    expect(broken.status).toBe(422);
    expect((await json(broken)).error?.fields?.markdown).toMatch(/^line \d+: unknown block type "weather-report"$/);

    // Markdown written elsewhere (no block markers): its heading is the title, and the rest one text block, links kept.
    const plain = await draftOf(await createIssue(request(ISSUES, "POST", { key: write.key, body: { markdown: "# Notes from the week\n\nA short paragraph about [tides](https://example.com/tides)." } })));
    expect(plain).toMatchObject({ title: "Notes from the week", blocks: [{ type: "text", data: { text: "A short paragraph about [tides](https://example.com/tides)." } }] });
    expect(await prisma.issue.count()).toBe(before + 1);
  });

  it("refuses a body it cannot use with each field's reason, and creates nothing", async () => {
    const { write } = await withTopics();
    const refusals: [unknown, Record<string, string>][] = [
      [{ title: "x" }, { blocks: "send either blocks or markdown" }],
      [{ title: "x", blocks: [], markdown: "# x" }, { blocks: "send either blocks or markdown", markdown: "carries the title and preheader itself: leave out title and preheader" }],
      [{ blocks: [], status: "sent" }, { form: 'Unrecognized key: "status"' }],
      [{ blocks: [{ type: "roundup", data: { title: "Weekly News Roundup", stories: [{ id: "a", headline: "x", url: "javascript:alert(1)", parts: [] }] } }] }, { "blocks[0].stories[0].url": expect.stringMatching(/http/) }],
      [{ blocks: [{ type: "weather", data: {} }] }, { "blocks[0]": 'has an unknown type "weather"' }],
      [{ blocks: [], topics: ["VIP readers", "Nope"] }, { topics: "“VIP readers”, “Nope” are not topics (make a tag public under Subscribers → Tags)" }],
      [{ blocks: [{ ...roundup(), topics: ["gardening"] }] }, { "blocks[0].topics": "“gardening” is not a topic (make a tag public under Subscribers → Tags)" }],
      [{ blocks: [], channel: "print" }, { channel: "must be everywhere, web_only or email_only" }],
    ];
    for (const [body, fields] of refusals) {
      const answer = await createIssue(request(ISSUES, "POST", { key: write.key, body }));
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect((await json(answer)).error?.fields, JSON.stringify(body)).toEqual(fields);
    }
    expect((await createIssue(request(ISSUES, "POST", { key: write.key, raw: "{", type: "application/json" }))).status).toBe(400);
    expect((await createIssue(request(ISSUES, "POST", { key: write.key, raw: JSON.stringify({ markdown: "x".repeat(2_200_000) }) }))).status).toBe(413);
    expect(await prisma.issue.count()).toBe(0);
  });

  it("replaces a draft only from the version it was read at, keeps what the body leaves out, and never touches a sent issue", async () => {
    const { publication, write, read, owner } = await withTopics();
    const draft = await draftOf(await createIssue(request(ISSUES, "POST", { key: write.key, body: { title: "Draft title", topics: ["Energy"], blocks: [roundup()] } })));
    const number = String(draft.number);
    const put = (body: unknown, key = write.key) => replaceIssue(request(`${ISSUES}/${number}`, "PUT", { key, body }), issueParams(number));

    const replaced = await put({ version: 1, blocks: [{ type: "text", data: { text: "Only this now." } }] });
    expect(replaced.status).toBe(200);
    expect(await draftOf(replaced)).toMatchObject({ version: 2, title: "Draft title", topics: ["Energy"], blocks: [{ type: "text", data: { text: "Only this now." } }] });

    // An editor saves in the composer meanwhile: a replace from version 2 is refused with the version to read, and changes nothing.
    const content = (await prisma.issue.findUniqueOrThrow({ where: { id: draft.id } }));
    expect(await commands.saveIssue(prisma, owner, { issueId: draft.id, expectedVersion: 2, title: "Edited in the composer", preheader: content.preheader, blocks: [roundup()] })).toMatchObject({ ok: true, version: 3 });
    const stale = await put({ version: 2, title: "From the script", blocks: [] });
    expect(stale.status).toBe(409);
    expect((await json(stale)).error).toMatchObject({ code: "conflict", version: 3 });
    expect((await prisma.issue.findUniqueOrThrow({ where: { id: draft.id } })).title).toBe("Edited in the composer");

    expect((await put({ version: 3, blocks: [] }, read.key)).status).toBe(403);
    expect((await put({ blocks: [] })).status).toBe(422);
    expect((await replaceIssue(request(`${ISSUES}/99`, "PUT", { key: write.key, body: { version: 1, blocks: [] } }), issueParams("99"))).status).toBe(404);

    // Markdown carries no channel or topics: a draft whose blocks have them is replaced by blocks only.
    const marked = await put({ version: 3, blocks: [{ type: "text", data: { text: "For email readers." }, channel: "email_only" }] });
    expect(await draftOf(marked)).toMatchObject({ version: 4, blocks: [{ channel: "email_only" }] });
    const lossy = await put({ version: 4, markdown: "# Draft title\n\nFor email readers." });
    expect(lossy.status).toBe(422);
    expect((await json(lossy)).error?.fields).toEqual({ markdown: "cannot carry the channel or topics that one block of this draft has: send blocks instead" });

    // A scheduled issue goes out at its time with nobody looking again: a key may not change it.
    await prisma.issue.update({ where: { id: draft.id }, data: { status: "scheduled", scheduledAt: new Date(Date.now() + 86_400_000) } });
    const scheduled = await put({ version: 4, blocks: [] });
    expect(scheduled.status).toBe(409);
    expect((await json(scheduled)).error).toMatchObject({ code: "not-editable", message: expect.stringContaining("only a draft can be replaced") });
    expect(await prisma.block.count({ where: { issueId: draft.id } })).toBe(1);

    await prisma.issue.update({ where: { id: draft.id }, data: { status: "sent", sentAt: new Date() } });
    const sent = await put({ version: 4, blocks: [] });
    expect(sent.status).toBe(409);
    expect((await json(sent)).error).toMatchObject({ code: "not-editable" });
    expect(await prisma.block.count({ where: { issueId: draft.id } })).toBe(1);
    expect(publication.id).toBeTruthy();
  });
});

describe("Idempotency-Key on the API's POSTs", () => {
  const ISSUES = "https://news.example.com/api/v1/issues";
  const draftBody = (title: string) => ({ title, blocks: [{ type: "text", data: { text: "A paragraph." } }] });
  const once = (key: string, idempotencyKey: string, body: unknown) => createIssue(request(ISSUES, "POST", { key, body, headers: { "idempotency-key": idempotencyKey } }));

  it("answers a retry with the first answer and makes one draft; the key with another body is 422; keys belong to their API key", async () => {
    const { owner, write, read } = await setup();
    const first = await once(write.key, "draft-2026-48", draftBody("Week 48"));
    expect(first.status).toBe(201);
    const firstBody = await json(first);
    expect(first.headers.get("idempotent-replayed")).toBeNull();

    const retry = await once(write.key, "draft-2026-48", draftBody("Week 48"));
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.headers.get("location")).toBe(first.headers.get("location"));
    expect(await json(retry)).toEqual(firstBody);
    expect(await prisma.issue.count()).toBe(1);

    const reused = await once(write.key, "draft-2026-48", draftBody("Week 49"));
    expect(reused.status).toBe(422);
    expect((await json(reused)).error?.code).toBe("idempotency-key-reused");
    expect(await prisma.issue.count()).toBe(1);

    // The same words from another key are that key's own: it makes its draft.
    const other = await commands.createApiKey(prisma, owner, { name: "second script", access: "write" });
    if (!other.ok) throw new Error("no key");
    expect((await once(other.key, "draft-2026-48", draftBody("Week 48"))).status).toBe(201);
    expect(await prisma.issue.count()).toBe(2);

    // A refusal that threw (a read key may not write) keeps nothing: the key is free for a request that may run.
    expect((await once(read.key, "read-attempt", draftBody("Nope"))).status).toBe(403);
    expect(await prisma.apiIdempotencyKey.count({ where: { key: "read-attempt" } })).toBe(0);

    // A refused body is answered the same way again, and changes nothing either time.
    const invalid = { title: "", blocks: [{ type: "roundup", data: {} }] };
    const refused = await once(write.key, "invalid-once", invalid);
    expect(refused.status).toBe(422);
    const refusedAgain = await once(write.key, "invalid-once", invalid);
    expect(refusedAgain.status).toBe(422);
    expect(refusedAgain.headers.get("idempotent-replayed")).toBe("true");
    expect(await json(refusedAgain)).toEqual(await json(refused));

    for (const bad of ["has space", "", "x".repeat(256), "ünï"]) {
      const response = await once(write.key, bad, draftBody("Bad key"));
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect((await json(response)).error?.code).toBe("bad-idempotency-key");
    }
    // Without the header, a request simply runs, every time.
    expect((await createIssue(request(ISSUES, "POST", { key: write.key, body: draftBody("Plain") }))).status).toBe(201);
    expect((await createIssue(request(ISSUES, "POST", { key: write.key, body: draftBody("Plain") }))).status).toBe(201);
    expect(await prisma.issue.count()).toBe(4);
  });

  it("runs one of two simultaneous requests with a key; a first request that died is reported, never run again; a day later the key is new", async () => {
    const { write } = await setup();
    const answers = await Promise.all([0, 1, 2, 3].map(() => once(write.key, "together", draftBody("Together"))));
    expect(await prisma.issue.count()).toBe(1);
    // One ran; each other one either came while it ran (409) or after (its answer again).
    const ran = answers.filter((answer) => answer.status === 201 && answer.headers.get("idempotent-replayed") === null);
    expect(ran).toHaveLength(1);
    const ranBody = await json(ran[0]!);
    for (const answer of answers.filter((answer) => answer !== ran[0])) {
      if (answer.status === 201) {
        expect(answer.headers.get("idempotent-replayed")).toBe("true");
        expect(await json(answer)).toEqual(ranBody);
      } else {
        expect(answer.status).toBe(409);
        expect((await json(answer)).error?.code).toBe("idempotency-key-in-use");
        expect(answer.headers.get("retry-after")).toBe("2");
      }
    }

    // A first request still running (its row unanswered, and recent): a retry is asked to wait, and nothing runs twice.
    const apiKeyId = (await prisma.apiKey.findFirstOrThrow({ where: { name: "write key" } })).id;
    const fingerprintOf = async (key: string) => (await prisma.apiIdempotencyKey.findUniqueOrThrow({ where: { apiKeyId_key: { apiKeyId, key } } })).fingerprint;
    await prisma.apiIdempotencyKey.create({ data: { apiKeyId, key: "running", fingerprint: await fingerprintOf("together") } });
    const running = await once(write.key, "running", draftBody("Together"));
    expect(running.status).toBe(409);
    expect((await json(running)).error?.code).toBe("idempotency-key-in-use");
    expect(running.headers.get("retry-after")).toBe("2");
    expect(await prisma.issue.count()).toBe(1);

    // A first request whose process died left its key unanswered: whether it made the draft is unknown, so it is not made again.
    await prisma.apiIdempotencyKey.create({ data: { apiKeyId, key: "died", fingerprint: await fingerprintOf("together"), createdAt: new Date(Date.now() - 6 * 60_000) } });
    const died = await once(write.key, "died", draftBody("Together"));
    expect(died.status).toBe(409);
    expect((await json(died)).error?.code).toBe("idempotency-key-outcome-unknown");
    expect(await prisma.issue.count()).toBe(1);

    // After 24 hours a key is free again, for any body; the worker's pruning removes the old answers.
    await prisma.apiIdempotencyKey.updateMany({ data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
    expect((await once(write.key, "together", draftBody("A new week"))).status).toBe(201);
    expect(await prisma.issue.count()).toBe(2);
    expect((await pruneExpired(prisma)).idempotencyKeys).toBe(2);
    expect(await prisma.apiIdempotencyKey.findMany({ select: { key: true } })).toEqual([{ key: "together" }]);
  });

  it("keeps a key taken when its first request failed after it may have written, so a retry cannot write twice", async () => {
    const { write } = await setup();
    const actor = (await authenticateApiRequest(prisma, new Headers({ authorization: `Bearer ${write.key}` }))) as { ok: true; actor: Actor };
    const post = () => request(ISSUES, "POST", { key: write.key, body: draftBody("Lost answer"), headers: { "idempotency-key": "lost-answer" } });
    let runs = 0;
    // The draft is written, then reading it back fails (a dropped connection, say): the caller sees a 500.
    const writesThenFails = async (): Promise<ApiResult> => {
      runs++;
      expect((await createApiIssue(prisma, actor.actor, draftBody("Lost answer"))).status).toBe(201);
      throw new Error("connection lost after the write");
    };
    await expect(answerOncePerKey(prisma, post(), actor.actor, JSON.stringify(draftBody("Lost answer")), writesThenFails)).rejects.toThrow("connection lost");
    const retry = await answerOncePerKey(prisma, post(), actor.actor, JSON.stringify(draftBody("Lost answer")), writesThenFails);
    expect(retry).toMatchObject({ status: 409, body: { error: { code: "idempotency-key-outcome-unknown" } } });
    expect(runs).toBe(1);
    expect(await prisma.issue.count()).toBe(1);
  });

  it("gives a retried subscriber POST the first 201 and its id, where a request without the key would hear 409", async () => {
    const { write } = await setup();
    const add = (headers: Record<string, string>) => POST(request(BASE, "POST", { key: write.key, body: { email: "lin@readers.example", consent: true }, headers }));
    const first = await add({ "idempotency-key": "signup-lin" });
    expect(first.status).toBe(201);
    const retry = await add({ "idempotency-key": "signup-lin" });
    expect(retry.status).toBe(201);
    const id = (await json(first)).data!.id as string;
    expect((await json(retry)).data?.id).toBe(id);
    expect((await add({})).status).toBe(409);
    expect(await prisma.subscriber.count()).toBe(1);

    // Erased, the person is gone from the kept answer too: the key no longer replays their address.
    expect(await DELETE(request(`${BASE}/${id}`, "DELETE", { key: write.key }), params(id))).toHaveProperty("status", 204);
    expect(await prisma.apiIdempotencyKey.count()).toBe(0);
  });
});
