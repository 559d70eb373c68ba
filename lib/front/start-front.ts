import { timingSafeEqual } from "node:crypto";
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import { LRUCache } from "lru-cache";
import { HOP_BY_HOP, requestMayUseCache, sharedLifetime, variantKey, varyNames } from "./cache-policy.ts";
import { PURGE_PATH, PURGE_SECRET_HEADER } from "./purge-front-cache.ts";

/**
 * The front: the production launcher's HTTP server (`npm start`), in its own
 * process, in front of `next start` on a loopback port. It forwards every
 * request to Next, and keeps in memory the public responses Next marks for a
 * shared cache (lib/front/cache-policy.ts), answering repeats of them itself.
 *
 * Why it exists: Next spends about a millisecond of CPU on each request even
 * for a page it has cached (routing, its cache lookup, an ETag hash over the
 * whole body, compression's bookkeeping), so one `next start` process serves a
 * cached issue page several times slower than a static file server. A burst
 * of readers on a new issue is the load a newsletter sees; here it costs a
 * map lookup per request. It is the shared cache (a CDN, an nginx
 * `proxy_cache`) a deployment would otherwise have to add in front.
 *
 * Freshness: the app purges it whenever it revalidates (POST PURGE_PATH with
 * the shared secret, lib/front/purge-front-cache.ts), and it keeps nothing
 * longer than `maxSeconds`. A response that was on its way while a purge
 * happened is passed on but not stored, so a purge is never undone by a slow
 * render of the old page.
 */

export interface FrontOptions {
  /** Where this server listens (every interface when `host` is unset, as `next start` does). */
  port: number;
  host?: string;
  /** Next, on a loopback port. */
  upstream: { host: string; port: number };
  /** Shared with the app, which sends it to purge. */
  purgeSecret: string;
  /** Memory for stored bodies, in bytes. */
  maxBytes: number;
  /** The longest any response is kept, whatever its Cache-Control says. */
  maxSeconds: number;
  /** Bodies larger than this are passed on but not stored. */
  maxEntryBytes?: number;
}

interface StoredResponse {
  /** The headers as sent, without Age (computed per answer). */
  headers: OutgoingHttpHeaders;
  body: Buffer;
  etag: string | undefined;
  storedAt: number;
}

export interface Front {
  port: number;
  close(): Promise<void>;
}

function forwardedHeaders(request: IncomingMessage): OutgoingHttpHeaders {
  const named = new Set((request.headers.connection ?? "").split(",").map((name) => name.trim().toLowerCase()));
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) {
    // `expect: 100-continue` was answered here already.
    if (!HOP_BY_HOP.has(name) && !named.has(name) && name !== "expect") headers[name] = value;
  }
  // Each proxy appends the address it saw (lib/http/client-ip.ts counts this one as the first trusted hop).
  const seen = request.socket.remoteAddress ?? "";
  const earlier = request.headers["x-forwarded-for"];
  headers["x-forwarded-for"] = earlier ? `${earlier}, ${seen}` : seen;
  // What Next would have set itself had the request reached it directly (base-server's `??=`).
  headers["x-forwarded-host"] ??= request.headers.host;
  headers["x-forwarded-port"] ??= String(request.socket.localPort ?? "");
  headers["x-forwarded-proto"] ??= "http";
  return headers;
}

function responseHeaders(upstream: IncomingMessage): OutgoingHttpHeaders {
  const named = new Set((upstream.headers.connection ?? "").split(",").map((name) => name.trim().toLowerCase()));
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream.headers)) if (!HOP_BY_HOP.has(name) && !named.has(name) && value !== undefined) headers[name] = value;
  return headers;
}

function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const weakless = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || weakless(tag) === weakless(etag));
}

function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A path whose %-escapes do not decode to UTF-8 (`/issues/%E0%A4%A`, a link cut mid-character) is no page
 * of ours, but Next answers it with a bare "Internal Server Error". Next is asked instead for a path that
 * is surely missing, and answers with the site's own 404 page.
 */
export const UNREADABLE_PATH_STAND_IN = "/unreadable-address";

function pathDecodes(url: string): boolean {
  try {
    decodeURIComponent(url.split("?")[0]!);
    return true;
  } catch {
    return false;
  }
}

export function startFront(options: FrontOptions): Promise<Front> {
  const maxEntryBytes = options.maxEntryBytes ?? 2 * 1024 * 1024;
  const stored = new LRUCache<string, StoredResponse>({ maxSize: Math.max(1, options.maxBytes), maxEntrySize: maxEntryBytes, sizeCalculation: (entry) => entry.body.length + 512 });
  // The headers each page varies on, learnt from its last stored response: needed to find a variant before asking Next.
  const varyByPage = new LRUCache<string, string[]>({ max: 10_000 });
  // Bumped by each purge: a response whose request began before it is not stored.
  let generation = 0;
  const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 256 });

  function answerStored(request: IncomingMessage, response: ServerResponse, entry: StoredResponse) {
    const age = String(Math.floor((Date.now() - entry.storedAt) / 1000));
    const ifNoneMatch = request.headers["if-none-match"];
    if (entry.etag && ifNoneMatch && etagMatches(ifNoneMatch, entry.etag)) {
      const { etag, "cache-control": cacheControl, vary } = entry.headers;
      response.writeHead(304, { etag, "cache-control": cacheControl, vary, age, "x-front-cache": "HIT" });
      response.end();
      return;
    }
    response.writeHead(200, { ...entry.headers, age, "x-front-cache": "HIT" });
    response.end(request.method === "HEAD" ? undefined : entry.body);
  }

  function purge(request: IncomingMessage, response: ServerResponse) {
    if (request.method !== "POST" || !sameSecret(request.headers[PURGE_SECRET_HEADER], options.purgeSecret)) {
      response.writeHead(403, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }).end("Forbidden\n");
      return;
    }
    generation += 1;
    stored.clear();
    varyByPage.clear();
    response.writeHead(204, { "cache-control": "no-store" }).end();
  }

  function forward(request: IncomingMessage, response: ServerResponse, pageKey: string | undefined, retried = false) {
    const startedIn = generation;
    const upstreamRequest = http.request({ host: options.upstream.host, port: options.upstream.port, method: request.method, path: request.url, headers: forwardedHeaders(request), agent });
    upstreamRequest.on("response", (upstream) => {
      const headers = responseHeaders(upstream);
      const status = upstream.statusCode ?? 502;
      const lifetime = pageKey && request.method === "GET" ? sharedLifetime(status, upstream.headers, options.maxSeconds) : 0;
      response.writeHead(status, upstream.statusMessage, { ...headers, "x-front-cache": pageKey ? "MISS" : "BYPASS" });
      let chunks: Buffer[] | null = lifetime > 0 ? [] : null;
      let size = 0;
      if (chunks) {
        upstream.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxEntryBytes) chunks = null;
          else chunks?.push(chunk);
        });
      }
      upstream.on("end", () => {
        if (!chunks || !upstream.complete || generation !== startedIn) return;
        const body = Buffer.concat(chunks, size);
        const names = varyNames(upstream.headers);
        headers["content-length"] = String(body.length);
        varyByPage.set(pageKey!, names);
        stored.set(variantKey(pageKey!, names, request.headers), { headers, body, etag: upstream.headers.etag, storedAt: Date.now() }, { ttl: lifetime * 1000 });
      });
      upstream.on("error", () => response.destroy());
      upstream.pipe(response);
    });
    upstreamRequest.on("error", (error: NodeJS.ErrnoException) => {
      // A kept-alive connection Next closed just as it was reused: a read can safely go again, once.
      if (upstreamRequest.reusedSocket && error.code === "ECONNRESET" && !retried && (request.method === "GET" || request.method === "HEAD") && !response.headersSent) {
        forward(request, response, pageKey, true);
        return;
      }
      if (response.headersSent) response.destroy();
      else response.writeHead(502, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }).end("The app is not answering. Try again in a moment.\n");
    });
    // The caller went away: so does the request to Next.
    response.on("close", () => {
      if (!response.writableFinished) upstreamRequest.destroy();
    });
    if (retried) upstreamRequest.end();
    else request.pipe(upstreamRequest);
  }

  const server = http.createServer((request, response) => {
    if (request.url === PURGE_PATH) return purge(request, response);
    if (!pathDecodes(request.url ?? "/")) request.url = UNREADABLE_PATH_STAND_IN;
    if (!requestMayUseCache(request)) return forward(request, response, undefined);
    const pageKey = `${request.headers.host ?? ""}${request.url}`;
    const names = varyByPage.get(pageKey);
    const entry = names && stored.get(variantKey(pageKey, names, request.headers));
    if (entry) answerStored(request, response, entry);
    else forward(request, response, pageKey);
  });
  // Next answers WebSocket upgrades only in development, where there is no front.
  server.on("upgrade", (_request, socket) => socket.destroy());

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : options.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
            agent.destroy();
          }),
      });
    });
  });
}
