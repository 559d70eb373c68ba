import { describe, expect, it } from "vitest";
import { readBodyWithin } from "@/lib/http/read-body-within";
import { isSameOrigin } from "@/lib/http/same-origin";

const APP_URL = "https://news.example.com";
const from = (headers: Record<string, string>) => isSameOrigin(new Headers(headers), APP_URL);

describe("isSameOrigin (the CSRF check of route handlers that change something)", () => {
  it("accepts a post from a page of the host it was sent to, or of APP_URL", () => {
    expect(from({ origin: "https://news.example.com", host: "news.example.com", "sec-fetch-site": "same-origin" })).toBe(true);
    expect(from({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" })).toBe(true);
    // Behind a proxy: the app sees its inner address, the browser names the public one.
    expect(from({ origin: "https://news.example.com", host: "10.0.0.5:3000" })).toBe(true);
    expect(from({ origin: "https://weekly.example.org", host: "10.0.0.5:3000", "x-forwarded-host": "weekly.example.org" })).toBe(true);
    // A browser that says same-origin without an Origin header.
    expect(from({ host: "news.example.com", "sec-fetch-site": "same-origin" })).toBe(true);
  });

  it("refuses another site, a sibling subdomain, an opaque origin, another port or scheme's host, and a post that names no origin", () => {
    expect(from({ origin: "https://evil.example", host: "news.example.com" })).toBe(false);
    expect(from({ origin: "https://evil.example", host: "news.example.com", "sec-fetch-site": "cross-site" })).toBe(false);
    // A forged Origin cannot hide what the browser says about the request.
    expect(from({ origin: "https://news.example.com", host: "news.example.com", "sec-fetch-site": "cross-site" })).toBe(false);
    expect(from({ origin: "https://blog.example.com", host: "news.example.com", "sec-fetch-site": "same-site" })).toBe(false);
    expect(from({ origin: "null", host: "news.example.com" })).toBe(false);
    expect(from({ origin: "https://news.example.com:8443", host: "news.example.com" })).toBe(false);
    expect(from({ host: "news.example.com" })).toBe(false);
    expect(from({ host: "news.example.com", "sec-fetch-site": "none" })).toBe(false);
  });
});

/** A body sent in `chunks` pieces of `size` bytes, counting how many were pulled. */
function streamed(chunks: number, size: number, headers: Record<string, string> = {}) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled += 1;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
    // Pulled only when read, so the count is what the reader asked for.
  }, { highWaterMark: 0 });
  return { request: new Request("https://news.example.com/upload", { method: "POST", body, headers, duplex: "half" } as RequestInit), pulled: () => pulled };
}

describe("readBodyWithin", () => {
  it("returns a body within the limit whole, across chunks", async () => {
    const { request } = streamed(3, 1000);
    const body = await readBodyWithin(request, 3000);
    expect(body?.byteLength).toBe(3000);
    expect(body?.every((byte) => byte === 0x61)).toBe(true);
  });

  it("stops reading at the first chunk past the limit (a chunked upload declares no length)", async () => {
    const { request, pulled } = streamed(100, 1000);
    expect(await readBodyWithin(request, 2500)).toBeNull();
    expect(pulled()).toBe(3);
  });

  it("refuses a declared length over the limit without reading a byte", async () => {
    const { request, pulled } = streamed(100, 1000, { "content-length": "100000" });
    expect(await readBodyWithin(request, 2500)).toBeNull();
    expect(pulled()).toBe(0);
  });
});
