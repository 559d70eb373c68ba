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

  it("fills {{name}} and {{email}} typed by the author, escaped in HTML, with the fallback for subscribers without a name", () => {
    const tokens = createMergeTokens();
    const links = `<a href="${tokens.unsubscribeUrl}">u</a><a href="${tokens.preferencesUrl}">p</a>`;
    const html = compileTemplate(`<p>Hi {{name|there}}, this goes to {{ email }}.</p>${links}`, tokens, { escapeHtml: true });
    const text = compileTemplate(`Hi {{name|there}}!\n${tokens.unsubscribeUrl} ${tokens.preferencesUrl}`, tokens, { escapeHtml: false });
    const values = { unsubscribeUrl: "https://u", preferencesUrl: "https://p" };
    expect(personalize(html, { ...values, name: "<Ada & Bo>", email: "ada@example.com" })).toContain("<p>Hi &lt;Ada &amp; Bo&gt;, this goes to ada@example.com.</p>");
    expect(personalize(text, { ...values, name: "<Ada & Bo>" })).toMatch(/^Hi <Ada & Bo>!/);
    expect(personalize(html, { ...values, name: null, email: "x@example.com" })).toContain("<p>Hi there, this goes to x@example.com.</p>");
    expect(personalize(text, { ...values, name: "   " })).toMatch(/^Hi there!/);
    // Without a fallback a missing name leaves nothing, not a literal placeholder.
    expect(personalize(compileTemplate("Dear {{name}}.", null, { escapeHtml: false }), values)).toBe("Dear .");
  });

  it("keeps a personalised subject on one line", async () => {
    const { personalizeEmail } = await import("../../lib/issues/render-issue-email.ts");
    const tokens = createMergeTokens();
    const body = compileTemplate(`${tokens.unsubscribeUrl}${tokens.preferencesUrl}`, tokens, { escapeHtml: true });
    const rendered = { subject: compileTemplate("{{name|Friend}}, the week in tides", null, { escapeHtml: false }), html: body, text: body, htmlBytes: 0 };
    const values = { unsubscribeUrl: "u", preferencesUrl: "p" };
    expect(personalizeEmail(rendered, { ...values, name: "Ada\r\nBcc: everyone@example.com" }).subject).toBe("Ada Bcc: everyone@example.com, the week in tides");
    expect(personalizeEmail(rendered, values).subject).toBe("Friend, the week in tides");
  });
});

describe("merge fields where there is no recipient", () => {
  it("show the fallback on the web, in feeds and in slugs, or nothing", async () => {
    const { resolveMergeFieldsForWeb } = await import("../../lib/email/merge-fields.ts");
    const { slugForTitle } = await import("../../lib/issues/issue-content.ts");
    expect(resolveMergeFieldsForWeb("{{name|Friend}}, the week in tides")).toBe("Friend, the week in tides");
    expect(resolveMergeFieldsForWeb("Hi {{name}}, this is for {{ email }}.")).toBe("Hi , this is for .");
    expect(resolveMergeFieldsForWeb("No fields {here}")).toBe("No fields {here}");
    expect(slugForTitle("{{name|Friend}}, the week in tides", 7)).toBe("friend-the-week-in-tides");
  });
});
