/**
 * The send benchmark's baseline (issue #5, (c)): each recipient's email rendered
 * with react-email for that recipient, HTML and text, where a send renders once
 * per issue version and fills in each recipient by concatenation
 * (lib/delivery/build-messages.ts, renderOncePerVersion). It makes the same
 * email: tests/unit/send-baseline.test.ts compares the two for one recipient.
 */
import { createElement } from "react";
import { render } from "react-email";
import IssueEmail from "../../emails/issue.tsx";
import type { PrepareEmail } from "../../lib/delivery/build-messages.ts";
import { compileTemplate, personalize } from "../../lib/email/merge-fields.ts";
import { renderIssueText } from "../../lib/issues/render-issue-text.ts";

export const renderPerRecipient: PrepareEmail = async (view) => async (values) => {
  const links = { unsubscribeUrl: values.unsubscribeUrl, preferencesUrl: values.preferencesUrl };
  const html = await render(createElement(IssueEmail, { ...view, links }));
  const text = renderIssueText(view, links);
  // The links are the recipient's own from the start; the greetings an author typed ({{name|there}})
  // are still fields in the rendered text, filled in as a send fills them.
  const fill = (rendered: string, escapeHtml: boolean) => personalize(compileTemplate(rendered, null, { escapeHtml }), values);
  return {
    subject: fill(view.issue.title.replace(/\s+/g, " ").trim(), false).replace(/[\r\n\u2028\u2029]+/g, " "),
    html: fill(html, true),
    text: fill(text, false),
  };
};
