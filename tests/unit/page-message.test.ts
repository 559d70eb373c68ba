import { describe, expect, it } from "vitest";
import { PAGE_MESSAGE_LIFETIME_MS, readPageMessage, withPageMessage } from "@/lib/web/page-message";

const secret = "unit-test-secret-0123456789abcdefghijklmnopqrstuvwxyz";
const now = Date.UTC(2026, 10, 30, 21);

/** The query a page gets for `url`, as Next hands it over (decoded; a repeated key becomes an array). */
function queryOf(url: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URL(url, "http://localhost").searchParams) {
    const seen = query[key];
    query[key] = seen === undefined ? value : ([] as string[]).concat(seen, value);
  }
  return query;
}

describe("page messages", () => {
  it("carry the server's words, spaces, quotes and all, to the page, keeping the path's own query", () => {
    const error = `Not saved: "name" is taken & 50% of <b>this</b> + ünïcode.`;
    const url = withPageMessage("/editor/subscribers?status=active", { error }, { now, secret });
    expect(url.startsWith("/editor/subscribers?status=active&error=")).toBe(true);
    const query = queryOf(url);
    expect(query.status).toBe("active");
    expect(readPageMessage(query, { now, secret })).toEqual({ error });
    expect(readPageMessage(queryOf(withPageMessage("/editor/team", { invited: "a@b.example", notes: "3 words repaired." }, { now, secret })), { now, secret })).toEqual({
      invited: "a@b.example",
      notes: "3 words repaired.",
    });
    // Cut by a length limit in the middle of an emoji: half of it cannot travel, and the rest still reads as signed.
    const cut = "Repaired 🌊 waves".slice(0, 10);
    expect(readPageMessage(queryOf(withPageMessage("/editor/issues/x", { notes: cut }, { now, secret })), { now, secret })).toEqual({ notes: "Repaired \uFFFD" });
  });

  it("show nothing for words that are unsigned, changed, added to, repeated, another secret's, or too old", () => {
    const url = withPageMessage("/editor/team", { error: "The publication needs at least one owner." }, { now, secret });
    const query = queryOf(url);
    const read = (changed: Record<string, string | string[] | undefined>, at = now) => readPageMessage(changed, { now: at, secret });

    expect(read({ error: "Your account is locked: call +1 555 0100." })).toEqual({});
    expect(read({ ...query, error: "Your account is locked: call +1 555 0100." })).toEqual({});
    expect(read({ ...query, invited: "mallory@evil.example" })).toEqual({});
    expect(read({ ...query, error: [query.error as string, "second"] })).toEqual({});
    expect(readPageMessage(query, { now, secret: "another-secret-0123456789abcdefghijklmnopqrstuvwxyz" })).toEqual({});
    const [at, signature] = (query.said as string).split(".");
    expect(read({ ...query, said: `${Number(at) + 1}.${signature}` })).toEqual({});
    for (const said of [undefined, "", "garbage", `${at}.`, `.${signature}`, `${at}.${signature}x`]) expect(read({ ...query, said })).toEqual({});

    expect(read(query, now + PAGE_MESSAGE_LIFETIME_MS)).toEqual({ error: "The publication needs at least one owner." });
    expect(read(query, now + PAGE_MESSAGE_LIFETIME_MS + 1)).toEqual({});
    // Signed for a time well ahead of this clock: not ours to show yet.
    expect(readPageMessage(queryOf(withPageMessage("/editor", { error: "x" }, { now: now + 5 * 60_000, secret })), { now, secret })).toEqual({});
  });
});
