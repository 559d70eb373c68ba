import { describe, expect, it } from "vitest";
import { linkTargets, parseRichText } from "../../lib/rich-text/parse-rich-text.ts";
import { isSafeLinkUrl, isWebUrl } from "../../lib/rich-text/safe-url.ts";
import { richTextToMarkdown } from "../../lib/rich-text/rich-text-to-markdown.ts";
import { richTextToPlainText } from "../../lib/rich-text/rich-text-to-plain-text.ts";

describe("rich text", () => {
  it("keeps the safe subset: paragraphs, bold, italic, links, lists", () => {
    const tree = parseRichText("One **two** _three_ [four](https://e.com)\n\n1. a\n2. b\n\n- c");
    expect(tree.children.map((block) => block.type)).toEqual(["paragraph", "list", "list"]);
    expect(JSON.stringify(tree)).toContain('"type":"strong"');
    expect(JSON.stringify(tree)).toContain('"type":"emphasis"');
    expect(JSON.stringify(tree)).toContain('"url":"https://e.com"');
  });

  it("keeps the words of everything else as plain text", () => {
    const source = "# Heading\n\n> quoted\n\n```\ncode()\n```\n\n<div onclick=x>raw</div>\n\n![alt text](https://e.com/i.png)\n\n---";
    expect(richTextToPlainText(source)).toBe("Heading\n\nquoted\n\ncode()\n\n<div onclick=x>raw</div>\n\nalt text");
  });

  it("drops links to other schemes to their label, and nested links to their text", () => {
    expect(richTextToPlainText("[a](javascript:alert(1)) [b](data:text/html,x) [c](//evil.example) [d](ftp://x.example)")).toBe("a b c d");
    expect(linkTargets("[a](javascript:alert(1)) [b][ref]\n\n[ref]: https://e.com")).toEqual(["javascript:alert(1)", "https://e.com"]);
  });

  it("resolves reference links, keeping only safe ones", () => {
    expect(richTextToPlainText("[site][s] and [bad][b]\n\n[s]: https://e.com\n[b]: javascript:x")).toBe("site (https://e.com) and bad");
  });

  it("writes links in plain text as text (url), and bare addresses once", () => {
    expect(richTextToPlainText("[the report](https://e.com/r) or [https://e.com](https://e.com) or [me](mailto:me@e.com) or [me@e.com](mailto:me@e.com)")).toBe(
      "the report (https://e.com/r) or https://e.com or me (me@e.com) or me@e.com",
    );
  });

  it("indents list continuations in plain text", () => {
    expect(richTextToPlainText("1. first\n\n   more of first\n2. second\n   - nested")).toBe("1. first\n\n   more of first\n2. second\n\n   - nested");
  });

  it("writes normalised, escaped Markdown that reads back to itself", () => {
    const messy = "Some *emphasis*, __strong__, <b>tag</b>, * not a list\n\n+ item\n+ item";
    const once = richTextToMarkdown(messy);
    expect(once).toBe("Some _emphasis_, __strong__, \\<b>tag\\</b>, \\* not a list\n\n- item\n- item");
    expect(richTextToMarkdown(once)).toBe(once);
  });
});

describe("URL rules", () => {
  it.each([
    ["https://example.com/a?b=1", true, true],
    ["http://example.com", true, true],
    ["mailto:ed@example.com", false, true],
    ["mailto:", false, false],
    ["javascript:alert(1)", false, false],
    [" https://example.com", false, false],
    ["https://", false, false],
    ["//example.com", false, false],
    ["data:text/html,x", false, false],
    ["ftp://example.com", false, false],
  ])("%s: web %s, link %s", (url, web, link) => {
    expect(isWebUrl(url)).toBe(web);
    expect(isSafeLinkUrl(url)).toBe(link);
  });
});
