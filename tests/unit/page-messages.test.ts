import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Alert, Notice } from "@/components/editor/page-messages";

describe("the editor pages' notices", () => {
  it("say nothing while their query parameter is absent, empty or missing, and escape what they are given", () => {
    for (const when of [undefined, null, "", 0, false]) expect(renderToStaticMarkup(createElement(Notice, { when, children: "Saved." })), String(when)).toBe("");
    expect(renderToStaticMarkup(createElement(Notice, { when: "1", children: "Saved." }))).toBe('<p class="notice" role="status">Saved.</p>');
    for (const message of [undefined, null, ""]) expect(renderToStaticMarkup(createElement(Alert, { message }))).toBe("");
    expect(renderToStaticMarkup(createElement(Alert, { message: "<b>no</b>", prefix: "Not saved: " }))).toBe('<p class="error" role="alert">Not saved: &lt;b&gt;no&lt;/b&gt;</p>');
  });
});
