import { describe, expect, it } from "vitest";
import { completeWebUrl } from "@/lib/rich-text/complete-web-url";

describe("completeWebUrl", () => {
  it("takes an address without its scheme as https, as a browser's address bar does", () => {
    expect(completeWebUrl("example.com/story")).toBe("https://example.com/story");
    expect(completeWebUrl(" www.example.co.uk/a?b=1#c ")).toBe("https://www.example.co.uk/a?b=1#c");
    expect(completeWebUrl("news.example.org:8080/x")).toBe("https://news.example.org:8080/x");
    expect(completeWebUrl("//cdn.example.com/i.png")).toBe("https://cdn.example.com/i.png");
  });

  it("leaves complete addresses, and anything that is not a host name, as typed", () => {
    for (const kept of ["https://example.com/a", "http://localhost:3000/x", "", "javascript:alert(1)", "mailto:a@example.com", "not a url", "example", "a@example.com", "ftp://example.com", "1.2"]) {
      expect(completeWebUrl(kept)).toBe(kept.trim());
    }
  });
});
