/**
 * The HTTP API (/api/v1/subscribers, lib/api/) through its real route handlers on a real database:
 * keys made and revoked by the owner's commands, each refusal (no key, a bad one, a revoked one, a
 * read-only key writing, malformed bodies, too many requests), and what each call does.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { DELETE, GET as getOne, PATCH } from "@/app/api/v1/subscribers/[id]/route";
import { GET as list, POST } from "@/app/api/v1/subscribers/route";
import { GET as getIssue } from "@/app/api/v1/issues/[number]/route";
import { GET as listIssues } from "@/app/api/v1/issues/route";
import { seedDemoContent } from "@/lib/demo/seed-demo";
import { exportIssueMarkdown } from "@/lib/issues/export-issue-markdown";
import { importIssueMarkdown } from "@/lib/issues/import-issue-markdown";
import { hashApiKey } from "@/lib/api/api-keys";
import { API_BODY_LIMIT } from "@/lib/api/api-result";
import { API_RATE_LIMIT } from "@/lib/api/authenticate-api-request";
import type { Actor } from "@/lib/auth/permissions";
import { commands } from "@/lib/commands";
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

