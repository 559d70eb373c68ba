/**
 * A local, Resend-compatible HTTP API for tests, driven by the real resend
 * SDK. It records every request and every accepted email, treats
 * Idempotency-Key as Resend does (same key and body: the first answer again;
 * same key, other body: 409), and can inject faults per request.
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | { kind: "429"; retryAfterSeconds: number }
  | { kind: "500" }
  /** Refuse the request as invalid, as Resend does for a malformed address: not worth retrying. */
  | { kind: "422" }
  /** Answer as Resend does while an earlier request with the same key is still being processed. */
  | { kind: "409-in-progress" }
  /** Accept and deliver, then answer only after `ms`: the client has given up by then. */
  | { kind: "slow"; ms: number }
  /** Close the connection before reading the request: nothing was sent. */
  | { kind: "drop-before" }
  /** Deliver, then close the connection without an answer. */
  | { kind: "drop-after" };

export type AcceptedEmail = { id: string; to: string; subject: string; idempotencyKey: string | null; headers: Record<string, string>; tags: Record<string, string> };

export async function startFakeResend(options: {
  apiKey: string;
  fault?: (requestNumber: number) => Fault | null;
  /** Like Resend's default limit: more than this many requests in any second get a 429 with retry-after 1. */
  requestsPerSecond?: number;
  /** Keep only a count of accepted emails (benchmarks with 100,000 recipients). */
  countOnly?: boolean;
  /**
   * Resend's own check of each email: the reason it refuses `to`, or null. Under `x-batch-validation: strict`
   * (the SDK's default) one refused email refuses the whole batch with a 422; under `permissive` the others
   * are sent and the refused ones listed in `errors` by their index.
   */
  refuseAddress?: (to: string) => string | null;
}) {
  const recentRequests: number[] = [];
  let deliveredCount = 0;
  const requests: { path: string; status: number; idempotencyKey: string | null; at: number }[] = [];
  const delivered: AcceptedEmail[] = [];
  const idempotent = new Map<string, { bodyHash: string; response: unknown }>();
  let requestNumber = 0;

  const server = createServer(async (request, response) => {
    const number = ++requestNumber;
    const fault = options.fault?.(number) ?? null;
    const key = header(request, "idempotency-key");
    if (fault?.kind === "drop-before") {
      requests.push({ path: request.url ?? "", status: 0, idempotencyKey: key, at: Date.now() });
      request.socket.destroy();
      return;
    }
    const body = await readBody(request);
    const answer = (status: number, payload: unknown, extraHeaders: Record<string, string> = {}) => {
      requests.push({ path: request.url ?? "", status, idempotencyKey: key, at: Date.now() });
      send(response, status, payload, extraHeaders);
    };
    if (header(request, "authorization") !== `Bearer ${options.apiKey}`) return answer(401, { statusCode: 401, name: "missing_api_key", message: "Missing API key" });
    if (request.method !== "POST" || request.url !== "/emails/batch") return answer(404, { statusCode: 404, name: "not_found", message: "Not found" });
    if (options.requestsPerSecond) {
      const now = Date.now();
      while (recentRequests.length > 0 && recentRequests[0]! <= now - 1000) recentRequests.shift();
      if (recentRequests.length >= options.requestsPerSecond) {
        return answer(429, { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" }, { "retry-after": "1" });
      }
      recentRequests.push(now);
    }
    if (fault?.kind === "429") return answer(429, { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" }, { "retry-after": String(fault.retryAfterSeconds) });
    if (fault?.kind === "422") return answer(422, { statusCode: 422, name: "validation_error", message: "Invalid `to` field." });
    if (fault?.kind === "409-in-progress") return answer(409, { statusCode: 409, name: "concurrent_idempotent_requests", message: "Same idempotency key used while original request is still in progress" });
    if (fault?.kind === "500") return answer(500, { statusCode: 500, name: "internal_server_error", message: "Internal server error" });

    // The raw bytes are hashed, not a decoded copy: a benchmark's 100,000 emails pass through here,
    // on the same cores as the worker it measures.
    const bodyHash = createHash("sha256").update(body).digest("hex");
    let result: unknown;
    const previous = key ? idempotent.get(key) : undefined;
    if (previous && previous.bodyHash !== bodyHash) return answer(409, { statusCode: 409, name: "invalid_idempotent_request", message: "Same idempotency key, different request" });
    if (previous) {
      result = previous.response;
    } else {
      // A count-only server keeps no text, so it reads the bytes as Latin-1, which is a copy, not a
      // decode: the JSON's structure comes out the same, since no byte of a multi-byte UTF-8
      // character is ASCII, and only the strings' contents (which it drops) differ.
      const emails = JSON.parse(body.toString(options.countOnly ? "latin1" : "utf8")) as { to: string[]; subject: string; headers?: Record<string, string>; tags?: { name: string; value: string }[] }[];
      if (!Array.isArray(emails) || emails.length > 100) return answer(422, { statusCode: 422, name: "validation_error", message: "At most 100 emails" });
      const permissive = header(request, "x-batch-validation") === "permissive";
      const errors = emails.flatMap((email, index) => {
        const reason = options.refuseAddress?.(email.to[0]!) ?? null;
        return reason ? [{ index, message: reason }] : [];
      });
      if (errors.length > 0 && !permissive) return answer(422, { statusCode: 422, name: "validation_error", message: errors[0]!.message });
      const refused = new Set(errors.map((error) => error.index));
      const ids = emails.flatMap((email, index) => {
        if (refused.has(index)) return [];
        const id = randomUUID();
        deliveredCount++;
        if (!options.countOnly) {
          const tags = Object.fromEntries((email.tags ?? []).map((tag) => [tag.name, tag.value]));
          delivered.push({ id, to: email.to[0]!, subject: email.subject, idempotencyKey: key, headers: email.headers ?? {}, tags });
        }
        return [{ id }];
      });
      result = permissive ? { data: ids, errors } : { data: ids };
      if (key) idempotent.set(key, { bodyHash, response: result });
    }
    if (fault?.kind === "drop-after") {
      requests.push({ path: request.url ?? "", status: 0, idempotencyKey: key, at: Date.now() });
      request.socket.destroy();
      return;
    }
    if (fault?.kind === "slow") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    answer(200, result);
  });
  // A slow answer outlives the client's time-out; the socket may be gone by then.
  server.on("clientError", (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    delivered,
    deliveredCount: () => deliveredCount,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === "string" ? value : null;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, payload: unknown, headers: Record<string, string>) {
  if (response.destroyed) return;
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(JSON.stringify(payload));
}
