import { describe, expect, it } from "vitest";
import { compileTemplate, createMergeTokens, personalize } from "../../lib/email/merge-fields.ts";

describe("merge fields", () => {
  it("are fresh per render, so one render's tokens are plain text to the next", () => {
    const first = createMergeTokens();
    const second = createMergeTokens();
    expect(first.unsubscribeUrl).not.toBe(second.unsubscribeUrl);
    const rendered = `<a href="${second.unsubscribeUrl}">u</a> <a href="${second.preferencesUrl}">p</a> typed: ${first.unsubscribeUrl}`;
    const email = personalize(compileTemplate(rendered, second, { escapeHtml: true }), { unsubscribeUrl: "https://x.example/u?a=1&b=2", preferencesUrl: "https://x.example/p" });
    expect(email).toBe(`<a href="https://x.example/u?a=1&amp;b=2">u</a> <a href="https://x.example/p">p</a> typed: ${first.unsubscribeUrl}`);
  });

  it("refuse a template without its unsubscribe link", () => {
    const tokens = createMergeTokens();
    expect(() => compileTemplate(`<p>${tokens.preferencesUrl}</p>`, tokens, { escapeHtml: true })).toThrow(/no unsubscribeUrl merge token/);
  });

  it("substitute raw values in plain text", () => {
    const tokens = createMergeTokens();
    const text = compileTemplate(`Unsubscribe: ${tokens.unsubscribeUrl}\nPreferences: ${tokens.preferencesUrl}`, tokens, { escapeHtml: false });
    expect(personalize(text, { unsubscribeUrl: "https://x.example/u?a=1&b=2", preferencesUrl: "p" })).toBe("Unsubscribe: https://x.example/u?a=1&b=2\nPreferences: p");
  });
});
