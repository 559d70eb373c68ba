import { describe, expect, it } from "vitest";
import { linksIn } from "@/lib/outbox/links-in";

describe("linksIn (the outbox's list of the links in a message's plain text)", () => {
  it("leaves the full stop of a sentence out of the link", () => {
    // The footer of every issue email (lib/issues/render-issue-text.ts).
    const text = "You are receiving this email because you subscribed to Grid Notes at http://localhost:3200.\nUnsubscribe: http://localhost:3200/unsubscribe?token=abc.def";
    expect(linksIn(text)).toEqual(["http://localhost:3200", "http://localhost:3200/unsubscribe?token=abc.def"]);
  });

  it("leaves out the other punctuation that ends a sentence or clause, however much of it there is", () => {
    expect(linksIn("Read https://example.com/a, https://example.com/b; https://example.com/c: then https://example.com/d! Or https://example.com/e?")).toEqual([
      "https://example.com/a",
      "https://example.com/b",
      "https://example.com/c",
      "https://example.com/d",
      "https://example.com/e",
    ]);
    expect(linksIn("It's at 'https://example.com/q'… really: https://example.com/r?!. “https://example.com/s”")).toEqual(["https://example.com/q", "https://example.com/r", "https://example.com/s"]);
  });

  it("keeps punctuation inside a link, and brackets the link opens, but not a bracket around it", () => {
    expect(linksIn("Sign in: https://news.example.com/api/auth/callback/email?callbackUrl=%2Feditor&token=1a2b.&email=ada%40example.com.")).toEqual([
      "https://news.example.com/api/auth/callback/email?callbackUrl=%2Feditor&token=1a2b.&email=ada%40example.com",
    ]);
    expect(linksIn("See https://en.wikipedia.org/wiki/Flow_battery_(chemistry). (Or https://example.com/x.)")).toEqual([
      "https://en.wikipedia.org/wiki/Flow_battery_(chemistry)",
      "https://example.com/x",
    ]);
    expect(linksIn("[https://example.com/list] and http://[::1]:3000/path.")).toEqual(["https://example.com/list", "http://[::1]:3000/path"]);
    expect(linksIn('<a href="https://example.com/quoted">, <https://example.com/angled>')).toEqual(["https://example.com/quoted", "https://example.com/angled"]);
  });

  it("lists each link once, in order, and nothing that is only a scheme", () => {
    expect(linksIn("https://example.com/one. https://example.com/two https://example.com/one, and http://. or https://")).toEqual(["https://example.com/one", "https://example.com/two"]);
    expect(linksIn("No links here.")).toEqual([]);
  });
});
