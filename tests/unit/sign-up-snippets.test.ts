import { parseFragment } from "parse5";
import type { DefaultTreeAdapterMap } from "parse5";
import { describe, expect, it } from "vitest";
import { signUpSnippets } from "../../lib/subscribers/sign-up-snippets";
import { SUBSCRIBE_EMAIL_MAX, SUBSCRIBE_NAME_MAX } from "../../lib/subscribers/subscribe-limits";
import { scanHtml } from "../helpers/html";

type Element = DefaultTreeAdapterMap["element"];

function elements(html: string): Element[] {
  const found: Element[] = [];
  const visit = (node: DefaultTreeAdapterMap["node"]) => {
    if ("tagName" in node) found.push(node);
    if ("childNodes" in node) for (const child of node.childNodes) visit(child);
  };
  visit(parseFragment(html));
  return found;
}
const attr = (element: Element | undefined, name: string) => element?.attrs.find((attribute) => attribute.name === name)?.value;
const textOf = (element: Element): string => element.childNodes.map((node) => ("value" in node ? node.value : "tagName" in node ? textOf(node) : "")).join("");

describe("sign-up snippets", () => {
  const hostile = { name: `Grid "Notes" <script>alert(1)</script> & Co`, siteUrl: "https://news.example.com/" };
  const snippets = signUpSnippets(hostile);

  it("posts the form to the site's subscribe endpoint with the fields it reads, the honeypot included", () => {
    const found = elements(snippets.form);
    const form = found.find((element) => element.tagName === "form");
    expect(attr(form, "method")).toBe("post");
    expect(attr(form, "action")).toBe("https://news.example.com/api/subscribe");
    const inputs = found.filter((element) => element.tagName === "input").map((input) => attr(input, "name"));
    expect(inputs).toEqual(["email", "name", "website"]);
    // The endpoint's limits, so a browser stops a long name before the server refuses it.
    const input = (name: string) => found.find((element) => element.tagName === "input" && attr(element, "name") === name);
    expect([attr(input("email"), "maxlength"), attr(input("name"), "maxlength")]).toEqual([String(SUBSCRIBE_EMAIL_MAX), String(SUBSCRIBE_NAME_MAX)]);
    expect(SUBSCRIBE_NAME_MAX).toBe(100);
    // Every visible input has its label.
    for (const label of found.filter((element) => element.tagName === "label")) expect(found.some((element) => attr(element, "id") === attr(label, "for"))).toBe(true);
    expect(snippets.pageUrl).toBe("https://news.example.com/subscribe");
  });

  it("escapes the publication's name: it reaches the other site's page as text", () => {
    expect(scanHtml(snippets.form)).toMatchObject({ scriptElements: 0, eventHandlers: [] });
    const button = elements(snippets.form).find((element) => element.tagName === "button")!;
    expect(textOf(button)).toBe(`Subscribe to ${hostile.name}`);
    const frame = elements(snippets.frame).find((element) => element.tagName === "iframe");
    expect(elements(snippets.frame).map((element) => element.tagName)).toEqual(["iframe"]);
    expect(attr(frame, "src")).toBe("https://news.example.com/embed");
    expect(attr(frame, "title")).toBe(`Subscribe to ${hostile.name}`);
  });
});
