import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Alert, Notice } from "@/components/editor/page-messages";

describe("the editor pages' notices", () => {
  it("say nothing while their query parameter is absent, empty or missing, and escape what they are given", () => {
    for (const when of [undefined, null, "", 0, false]) expect(renderToStaticMarkup(<Notice when={when}>Saved.</Notice>), String(when)).toBe("");
    expect(renderToStaticMarkup(<Notice when="1">Saved.</Notice>)).toBe('<p class="notice" role="status">Saved.</p>');
    for (const message of [undefined, null, ""]) expect(renderToStaticMarkup(<Alert message={message} />)).toBe("");
    expect(renderToStaticMarkup(<Alert message="<b>no</b>" prefix="Not saved: " />)).toBe('<p class="error" role="alert">Not saved: &lt;b&gt;no&lt;/b&gt;</p>');
  });
});
