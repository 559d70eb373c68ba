import { createElement } from "react";
import { render } from "react-email";
import SystemMessage from "../../emails/system-message.tsx";
import { compileTemplate, personalize } from "../email/merge-fields.ts";

type WelcomePublication = { name: string; description: string; siteUrl: string; welcomeSubject: string; welcomeBody: string; logoUrl?: string; accentColor?: string };

/** The built-in welcome, used while Settings leave the subject or the body empty. */
export function defaultWelcome(publication: Pick<WelcomePublication, "name" | "description">) {
  return {
    subject: `Welcome to ${publication.name}`,
    body: `${publication.description.trim() || "Thanks for subscribing."}\n\nThe next issue comes to this address. You can change your name, choose topics, or leave, at any time from the link at the bottom of every email.`,
  };
}

/**
 * The welcome email for one new subscriber: the subject and Markdown body
 * from Settings (or the built-in text), with `{{name|there}}` and `{{email}}`
 * filled in. The body goes through the rich-text renderer (paragraphs, bold,
 * italic, lists, http(s) and mailto links), so whatever an editor types is
 * text, never HTML; merge values are escaped in the HTML and kept on one line
 * in the subject.
 */
export async function renderWelcomeEmail(publication: WelcomePublication, recipient: { name: string | null; email: string }, preferencesUrl: string) {
  const fallback = defaultWelcome(publication);
  const subject = (publication.welcomeSubject.trim() || fallback.subject).replace(/\s+/g, " ");
  const element = createElement(SystemMessage, {
    publicationName: publication.name,
    publicationLogoUrl: publication.logoUrl,
    accentColor: publication.accentColor,
    heading: subject,
    paragraphs: [],
    markdown: publication.welcomeBody.trim() || fallback.body,
    action: { label: "Read the archive", url: `${publication.siteUrl}/archive` },
    footnote: `Manage your subscription: ${preferencesUrl}`,
  });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  const values = { name: recipient.name, email: recipient.email, unsubscribeUrl: "", preferencesUrl: "" };
  return {
    subject: personalize(compileTemplate(subject, null, { escapeHtml: false }), values).replace(/[\r\n\u2028\u2029]+/g, " "),
    html: personalize(compileTemplate(html, null, { escapeHtml: true }), values),
    text: personalize(compileTemplate(text, null, { escapeHtml: false }), values),
  };
}
