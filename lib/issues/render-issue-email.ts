import { createElement } from "react";
import { render } from "react-email";
import IssueEmail from "../../emails/issue.tsx";
import { compileTemplate, createMergeTokens, personalize, type CompiledTemplate, type MergeValues } from "../email/merge-fields.ts";
import type { IssueView } from "./issue-view.ts";
import { renderIssueText } from "./render-issue-text.ts";

export type RenderedIssueEmail = {
  /** May greet by name too ("{{name|Hi}}, this week…"). */
  subject: CompiledTemplate;
  /** Rendered once, with merge tokens where per-recipient links go. */
  html: CompiledTemplate;
  text: CompiledTemplate;
  /** Size of the HTML part without the per-recipient links, in bytes. */
  htmlBytes: number;
};

/** Renders an issue's email once per send; `personalizeEmail` then fills in each recipient. */
export async function renderIssueEmail(view: IssueView): Promise<RenderedIssueEmail> {
  const tokens = createMergeTokens();
  const links = { unsubscribeUrl: tokens.unsubscribeUrl, preferencesUrl: tokens.preferencesUrl };
  const html = await render(createElement(IssueEmail, { ...view, links }));
  const text = renderIssueText(view, links);
  return {
    subject: compileTemplate(view.issue.title.replace(/\s+/g, " ").trim(), null, { escapeHtml: false }),
    html: compileTemplate(html, tokens, { escapeHtml: true }),
    text: compileTemplate(text, tokens, { escapeHtml: false }),
    htmlBytes: Buffer.byteLength(html),
  };
}

export function personalizeEmail(rendered: RenderedIssueEmail, values: MergeValues): { subject: string; html: string; text: string } {
  // A name is a subscriber's own text: in a header it must stay one line.
  const subject = personalize(rendered.subject, values).replace(/[\r\n\u2028\u2029]+/g, " ");
  return { subject, html: personalize(rendered.html, values), text: personalize(rendered.text, values) };
}
