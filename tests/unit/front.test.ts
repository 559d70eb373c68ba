import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PURGE_PATH, PURGE_SECRET_HEADER } from "../../lib/front/purge-front-cache.ts";
import { startFront, UNREADABLE_PATH_STAND_IN, type Front } from "../../lib/front/start-front.ts";
import { freePort } from "../../scripts/lib/free-port.ts";

/**
 * The front (lib/front/start-front.ts) between a real HTTP client and a real
 * upstream server that stands in for Next: it answers each path the way Next
 * answers that kind of page, and counts what reaches it.
 */
const SECRET = "front-test-secret-0123456789";
const seen = new Map<string, number>();
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let releaseSlow: (() => void) | undefined;

const upstream = http.createServer((request, response) => {
  const path = new URL(request.url!, "http://upstream").pathname;
  const count = (seen.get(path) ?? 0) + 1;
  seen.set(path, count);
  const page = (headers: http.OutgoingHttpHeaders, body = `${path} rendered ${count} time(s)`) => response.writeHead(200, { "content-type": "text/html; charset=utf-8", ...headers }).end(body);
  const isr = { "cache-control": "s-maxage=300", vary: "rsc, Accept-Encoding", etag: `"${path}-${count}"` };
  switch (path) {
    case "/issue":
      return page(isr);
    case "/rsc":
      return page(isr, `${request.headers.rsc === "1" ? "flight" : "html"} ${count}`);
    case "/asset":
      return page({ "cache-control": "public, max-age=31536000, immutable" });
    case "/short":
      return page({ "cache-control": "s-maxage=1" });
    case "/private":
      return page({ "cache-control": "private, no-cache, no-store, max-age=0, must-revalidate" });
    case "/plain":
      return page({});
    case "/cookie":
      return page({ ...isr, "set-cookie": "session=abc; HttpOnly" });
    case "/stale":
      return page({ ...isr, "x-nextjs-cache": "STALE" });
    case "/vary-all":
      return page({ ...isr, vary: "*" });
    case "/missing":
      return response.writeHead(404, { "cache-control": "s-maxage=300" }).end("not here");
    case "/big":
      return page(isr, "x".repeat(300 * 1024));
    case "/slow":
      releaseSlow = () => page(isr);
      return;
    case "/echo": {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
        page({ "cache-control": "private, no-store" }, "echoed");
      });
      return;
    }
    default:
      return response.writeHead(404).end();
  }
});

let front: Front;
let base: string;

async function get(path: string, headers: Record<string, string> = {}, method = "GET") {
  const response = await fetch(`${base}${path}`, { method, headers });
  return { status: response.status, headers: response.headers, body: await response.text(), cache: response.headers.get("x-front-cache") };
}

const purge = (secret?: string) => fetch(`${base}${PURGE_PATH}`, { method: "POST", headers: secret === undefined ? {} : { [PURGE_SECRET_HEADER]: secret } });

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  front = await startFront({ port: 0, host: "127.0.0.1", upstream: { host: "127.0.0.1", port: (upstream.address() as AddressInfo).port }, purgeSecret: SECRET, maxBytes: 1024 * 1024, maxEntryBytes: 256 * 1024, maxSeconds: 60 });
  base = `http://127.0.0.1:${front.port}`;
});
afterAll(async () => {
  await front.close();
  await new Promise((resolve) => upstream.close(resolve));
});
beforeEach(async () => {
  expect((await purge(SECRET)).status).toBe(204);
  seen.clear();
  received.length = 0;
});

describe("the front", () => {
  it("answers repeats of a page Next marks for shared caches from memory, byte for byte", async () => {
    const first = await get("/issue");
    const second = await get("/issue");
    const third = await get("/issue");
    expect([first.cache, second.cache, third.cache]).toEqual(["MISS", "HIT", "HIT"]);
    expect(seen.get("/issue")).toBe(1);
    expect(second.body).toBe(first.body);
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(second.headers.get("cache-control")).toBe("s-maxage=300");
    expect(second.headers.get("content-length")).toBe(String(Buffer.byteLength(first.body)));
    expect(Number(second.headers.get("age"))).toBeGreaterThanOrEqual(0);
    // Immutable assets (`public, max-age`) are kept too.
    await get("/asset");
    expect((await get("/asset")).cache).toBe("HIT");
  });

  it("never keeps what is private, unmarked, sets a cookie, is Next's stale copy, varies on everything or is not a 200", async () => {
    for (const path of ["/private", "/plain", "/cookie", "/stale", "/vary-all", "/missing"]) {
      await get(path);
      const again = await get(path);
      expect(again.cache, path).toBe("MISS");
      expect(seen.get(path), path).toBe(2);
    }
  });

  it("leaves requests with credentials, a preview cookie or a range, and every POST, to Next", async () => {
    await get("/issue");
    const credentialed: Record<string, string>[] = [{ authorization: "Bearer x" }, { cookie: "theme=dark; __prerender_bypass=1" }, { range: "bytes=0-10" }];
    for (const headers of credentialed) {
      expect((await get("/issue", headers)).cache).toBe("BYPASS");
    }
    // An ordinary cookie (a signed-in editor reading the site) still gets the public page.
    expect((await get("/issue", { cookie: "next-auth.session-token=abc" })).cache).toBe("HIT");
    expect((await get("/echo", {}, "POST")).cache).toBe("BYPASS");
    expect(seen.get("/issue")).toBe(4);
  });

  it("keeps one copy per value of each header the page varies on", async () => {
    const html = await get("/rsc");
    const flight = await get("/rsc", { rsc: "1" });
    expect(html.body).toBe("html 1");
    expect(flight.body).toBe("flight 2");
    expect((await get("/rsc")).body).toBe("html 1");
    expect((await get("/rsc", { rsc: "1" })).body).toBe("flight 2");
    const gzip = await get("/rsc", { "accept-encoding": "gzip" });
    expect(gzip.cache).toBe("MISS");
    expect((await get("/rsc", { "accept-encoding": "gzip" })).cache).toBe("HIT");
    expect(seen.get("/rsc")).toBe(3);
  });

  it("answers HEAD and a matching If-None-Match from the stored copy", async () => {
    const first = await get("/issue");
    const head = await get("/issue", {}, "HEAD");
    expect(head.cache).toBe("HIT");
    expect(head.body).toBe("");
    expect(head.headers.get("content-length")).toBe(String(Buffer.byteLength(first.body)));
    const conditional = await get("/issue", { "if-none-match": first.headers.get("etag")! });
    expect(conditional.status).toBe(304);
    expect(conditional.body).toBe("");
    expect((await get("/issue", { "if-none-match": '"something-else"' })).status).toBe(200);
    expect(seen.get("/issue")).toBe(1);
  });

  it("is emptied only by a POST with the shared secret", async () => {
    await get("/issue");
    expect((await purge()).status).toBe(403);
    expect((await purge("wrong-secret-of-another-length")).status).toBe(403);
    expect((await purge(SECRET.replace(/.$/, "X"))).status).toBe(403);
    expect((await fetch(`${base}${PURGE_PATH}`, { headers: { [PURGE_SECRET_HEADER]: SECRET } })).status).toBe(403);
    expect((await get("/issue")).cache).toBe("HIT");
    expect((await purge(SECRET)).status).toBe(204);
    const after = await get("/issue");
    expect(after.cache).toBe("MISS");
    expect(after.body).toBe("/issue rendered 2 time(s)");
  });

  it("does not store a page that was on its way while it was purged", async () => {
    const pending = get("/slow");
    await expect.poll(() => releaseSlow).toBeDefined();
    expect((await purge(SECRET)).status).toBe(204);
    releaseSlow!();
    releaseSlow = undefined;
    expect((await pending).cache).toBe("MISS");
    const again = get("/slow");
    await expect.poll(() => releaseSlow).toBeDefined();
    releaseSlow!();
    releaseSlow = undefined;
    expect((await again).cache).toBe("MISS");
    expect(seen.get("/slow")).toBe(2);
    // Not on its way across a purge: kept as usual.
    expect((await get("/slow")).cache).toBe("HIT");
  });

  it("passes a body larger than its entry limit on whole, without keeping it", async () => {
    const first = await get("/big");
    expect(first.body.length).toBe(300 * 1024);
    expect((await get("/big")).cache).toBe("MISS");
  });

  it("drops a page when its lifetime is over", async () => {
    await get("/short");
    expect((await get("/short")).cache).toBe("HIT");
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await get("/short")).cache).toBe("MISS");
  });

  it("asks Next for a page that is surely missing in place of a path whose escapes do not decode, which Next would answer with a bare 500", async () => {
    for (const path of ["/issues/%E0%A4%A", "/topics/%E0", "/issues/2-%FF?x=1"]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
    }
    expect(seen.get(UNREADABLE_PATH_STAND_IN)).toBe(3);
    // Escapes that decode go through as they are.
    await get("/issue%C3%A9");
    expect(seen.get("/issue%C3%A9")).toBe(1);
  });

  it("keeps no page longer than its own limit, whatever the page says", async () => {
    const strict = await startFront({ port: 0, host: "127.0.0.1", upstream: { host: "127.0.0.1", port: (upstream.address() as AddressInfo).port }, purgeSecret: SECRET, maxBytes: 1024 * 1024, maxSeconds: 1 });
    try {
      const at = `http://127.0.0.1:${strict.port}/issue`;
      await fetch(at).then((response) => response.text());
      expect((await fetch(at)).headers.get("x-front-cache")).toBe("HIT");
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await fetch(at)).headers.get("x-front-cache")).toBe("MISS");
    } finally {
      await strict.close();
    }
  });

  it("forwards a request whole, naming the caller's address and dropping connection headers", async () => {
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = http.request(`${base}/echo?x=1`, { method: "POST", headers: { connection: "keep-alive, x-hop", "x-hop": "secret", "x-forwarded-for": "203.0.113.9", "content-type": "text/plain" } }, resolve);
      request.on("error", reject);
      request.end("a=1&b=é");
    });
    response.resume();
    await new Promise((resolve) => response.on("end", resolve));
    expect(response.statusCode).toBe(200);
    const [forwarded] = received;
    expect(forwarded!.body).toBe("a=1&b=é");
    expect(forwarded!.headers["x-forwarded-for"]).toBe("203.0.113.9, 127.0.0.1");
    expect(forwarded!.headers["x-hop"]).toBeUndefined();
    expect(forwarded!.headers.host).toBe(`127.0.0.1:${front.port}`);
    expect(forwarded!.headers["x-forwarded-host"]).toBe(`127.0.0.1:${front.port}`);
  });

  it("with no memory (FRONT_CACHE_MB=0) keeps nothing, and still names the caller's address", async () => {
    const bare = await startFront({ port: 0, host: "127.0.0.1", upstream: { host: "127.0.0.1", port: (upstream.address() as AddressInfo).port }, purgeSecret: SECRET, maxBytes: 0, maxSeconds: 60 });
    try {
      const at = `http://127.0.0.1:${bare.port}/issue`;
      const before = seen.get("/issue") ?? 0;
      for (let i = 0; i < 2; i++) expect((await fetch(at)).headers.get("x-front-cache")).toBe("MISS");
      expect(seen.get("/issue")).toBe(before + 2);
      await fetch(`http://127.0.0.1:${bare.port}/echo`, { method: "POST", headers: { "x-forwarded-for": "198.51.100.7" }, body: "x" }).then((response) => response.text());
      expect(received.at(-1)!.headers["x-forwarded-for"]).toBe("198.51.100.7, 127.0.0.1");
    } finally {
      await bare.close();
    }
  });

  it("answers 502 with a message when Next is not there", async () => {
    const lonely = await startFront({ port: 0, host: "127.0.0.1", upstream: { host: "127.0.0.1", port: await freePort() }, purgeSecret: SECRET, maxBytes: 1024, maxSeconds: 60 });
    try {
      const response = await fetch(`http://127.0.0.1:${lonely.port}/issue`);
      expect(response.status).toBe(502);
      expect(await response.text()).toContain("not answering");
    } finally {
      await lonely.close();
    }
  });
});
