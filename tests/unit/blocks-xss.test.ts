import { fromMarkdown } from "mdast-util-from-markdown";
import type * as md from "mdast";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { IssueBlocks } from "../../components/issue/issue-blocks.tsx";
import IssueEmail from "../../emails/issue.tsx";
import { blockDefinitions, type AnyBlockDefinition, type Block } from "../../lib/blocks/registry.ts";
import { exportIssueMarkdown } from "../../lib/issues/export-issue-markdown.ts";
import { renderIssueEmail, personalizeEmail } from "../../lib/issues/render-issue-email.ts";
import { htmlText, scanHtml } from "../helpers/html.ts";
import { mapStrings, renderBlockOutputs, URL_KEYS } from "../helpers/render-block.ts";

/** Tries the usual ways out of a text field: tags, handlers, script URLs, Markdown links and raw HTML. */
const TEXT_PAYLOAD =
  `<script>alert(1)</script><img src=x onerror=alert(2)>"'><a href="javascript:alert(3)">a</a>` +
  `[click](javascript:alert(4)) ![i](javascript:alert(5)) <b onmouseover=alert(6)>b</b> {{unsubscribe_url}}\n` +
  `<!-- block: intro --> --><script>alert(11)</script><!--`;
const URL_PAYLOADS = ["javascript:alert(7)", " javascript:alert(8)", "JaVaScRiPt:alert(9)", "data:text/html,<script>alert(10)</script>", "vbscript:x"];

function poison(example: unknown, url: string) {
  return mapStrings(example, (_text, key) => (URL_KEYS.has(key) ? url : TEXT_PAYLOAD));
}

function expectInertHtml(html: string) {
  const found = scanHtml(html);
  expect(found.scriptElements, "script elements").toBe(0);
  expect(found.eventHandlers, "event handler attributes").toEqual([]);
  expect(found.unsafeUrls, "script URLs in attributes").toEqual([]);
}

/** The only raw HTML an export may hold: its own markers, which are comments. */
const EXPORT_COMMENTS = [/^<!-- block: [A-Za-z]+ -->$/, /^<!-- preheader: "[^"\\]*(?:\\.[^"\\]*)*" -->$/, /^<!-- #[a-z0-9][a-z0-9-]{0,63} -->$/];

function expectInertMarkdown(markdown: string, blockCount?: number) {
  const offenders: string[] = [];
  let blockMarkers = 0;
  const visit = (node: md.Nodes) => {
    if (node.type === "html") {
      if (!EXPORT_COMMENTS.some((pattern) => pattern.test(node.value)) || (node.value.match(/<!--/g) ?? []).length !== 1) offenders.push(`raw HTML: ${node.value}`);
      if (node.value.startsWith("<!-- block: ")) blockMarkers++;
    }
    if ((node.type === "link" || node.type === "image" || node.type === "definition") && !/^(https?:|mailto:|$)/i.test(node.url.trim())) {
      offenders.push(`${node.type} to ${node.url}`);
    }
    if ("children" in node) node.children.forEach(visit);
  };
  visit(fromMarkdown(markdown));
  expect(offenders).toEqual([]);
  // No field forged a block marker of its own.
  if (blockCount !== undefined) expect(blockMarkers).toBe(blockCount);
  else expect(blockMarkers).toBe(0);
}

describe.each(blockDefinitions.map((definition): [string, AnyBlockDefinition] => [definition.type, definition]))("block %s with hostile input", (_type, definition) => {
  it.each(URL_PAYLOADS)("stays inert in all four outputs even unvalidated (URLs: %s)", async (url) => {
    const outputs = await renderBlockOutputs(definition, poison(definition.example, url));
    expectInertHtml(outputs.email);
    expectInertHtml(outputs.web);
    expectInertMarkdown(outputs.markdown);
    // Plain text cannot run anything; what matters is that the words are still there, as words.
    if (JSON.stringify(definition.example).length > 2) {
      expect(outputs.text.toLowerCase()).toContain("<script>alert(1)</script>");
      // Escaped, not stripped: where the block renders at all (an image without a safe src does not).
      if (outputs.web) expect(htmlText(outputs.web).toLowerCase()).toContain("<script>alert(1)</script>");
    }
  });

  it("rejects script URLs at the schema", () => {
    const hasUrlField = JSON.stringify(definition.example).match(/"(url|src|thumbnailUrl)":"http/);
    const result = definition.schema.safeParse(poison(definition.example, "javascript:alert(1)"));
    if (hasUrlField) {
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error?.issues)).toContain("must be an http(s) URL");
    }
  });
});

describe("rich text fields", () => {
  it("refuse links to script URLs with a message naming the rule", () => {
    const intro = blockDefinitions.find((definition) => definition.type === "intro")!;
    const result = intro.schema.safeParse({ text: "See [this](javascript:alert(1)) and [that](https://example.com)." });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/links must be http\(s\) or mailto/);
  });

  it("accept http, https and mailto links", () => {
    const intro = blockDefinitions.find((definition) => definition.type === "intro")!;
    expect(intro.schema.safeParse({ text: "[a](https://e.com) [b](http://e.com) [c](mailto:me@e.com)" }).success).toBe(true);
  });
});

describe("a whole issue with hostile publication and issue fields", () => {
  const blocks = blockDefinitions.map((definition) => ({ type: definition.type, data: poison(definition.example, "javascript:alert(1)") })) as Block[];
  const view = {
    publication: { name: TEXT_PAYLOAD, description: TEXT_PAYLOAD, siteUrl: "javascript:alert(1)", postalAddress: TEXT_PAYLOAD, timezone: "UTC" },
    issue: { number: 7, title: TEXT_PAYLOAD, preheader: TEXT_PAYLOAD, date: new Date("2026-11-23T08:00:00Z"), webUrl: "https://news.example/issues/7" },
    blocks,
  };

  it("renders an inert email, with hostile recipient links escaped too", async () => {
    const rendered = await renderIssueEmail(view);
    const email = personalizeEmail(rendered, {
      unsubscribeUrl: `https://news.example/u?t="><script>alert(1)</script>`,
      preferencesUrl: "https://news.example/p?t=1&x=2",
    });
    expectInertHtml(email.html);
    expect(email.html).toContain("https://news.example/p?t=1&amp;x=2");
    expect(email.text).toContain("https://news.example/p?t=1&x=2");
    // The literal "{{unsubscribe_url}}" an author typed is text, not a merge field.
    expect(htmlText(email.html)).toContain("{{unsubscribe_url}}");
  });

  it("renders an inert web page and Markdown export", () => {
    expectInertHtml(renderToStaticMarkup(createElement(IssueBlocks, { blocks })));
    expectInertMarkdown(exportIssueMarkdown({ title: TEXT_PAYLOAD, preheader: TEXT_PAYLOAD, blocks }), blocks.length);
  });

  it("keeps the preview email inert too", async () => {
    const { links, ...previewView } = IssueEmail.PreviewProps;
    const rendered = await renderIssueEmail(previewView);
    expectInertHtml(personalizeEmail(rendered, { unsubscribeUrl: links.unsubscribeUrl, preferencesUrl: links.preferencesUrl }).html);
  });
});
