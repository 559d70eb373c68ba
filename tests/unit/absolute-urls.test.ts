import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { absoluteUrls } from "@/lib/web/absolute-urls";

const base = "https://news.example.com/issues/7-tides";

describe("relative links made absolute for a copy read away from its page", () => {
  it("resolves relative hrefs and srcs against the page, and keeps absolute ones", () => {
    const html = renderToStaticMarkup(
      createElement("div", null, [
        createElement("a", { key: 1, href: "#story-1" }, "#"),
        createElement("a", { key: 2, href: "/topics/tides?a=1&b=2" }, "topic"),
        createElement("img", { key: 3, src: "//cdn.example.com/a.jpg", alt: "", loading: "lazy" }),
        createElement("a", { key: 4, href: "https://example.com/x?a=1&b='2'" }, "out"),
        createElement("a", { key: 5, href: "mailto:ed@example.com" }, "mail"),
      ]),
    );
    expect(absoluteUrls(html, base)).toBe(
      "<div>" +
        '<a href="https://news.example.com/issues/7-tides#story-1">#</a>' +
        '<a href="https://news.example.com/topics/tides?a=1&amp;b=2">topic</a>' +
        '<img src="https://cdn.example.com/a.jpg" alt="" loading="lazy"/>' +
        '<a href="https://example.com/x?a=1&amp;b=&#x27;2&#x27;">out</a>' +
        '<a href="mailto:ed@example.com">mail</a>' +
        "</div>",
    );
  });

  it("leaves text that merely looks like an attribute alone", () => {
    const html = renderToStaticMarkup(createElement("p", null, 'write href="#top" to link'));
    expect(absoluteUrls(html, base)).toBe(html);
  });
});
