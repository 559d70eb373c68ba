import { getBlockDefinition } from "../blocks/registry.ts";
import { underlined } from "../blocks/text-kit.ts";
import { formatIssueDate, type IssueView, type RecipientLinks } from "./issue-view.ts";

/** The text/plain part: the same issue as readable text, links as "text (url)". */
export function renderIssueText({ publication, issue, blocks }: IssueView, links: RecipientLinks): string {
  const header = [
    `${publication.name} · Issue #${issue.number} · ${formatIssueDate(issue.date, publication.timezone)}`,
    `View in browser: ${issue.webUrl}`,
    "",
    underlined(issue.title, "="),
  ].join("\n");
  const body = blocks.map((block) => getBlockDefinition(block.type).toText(block.data)).filter((text) => text.trim() !== "");
  const footer = [
    "--",
    `You are receiving this email because you subscribed to ${publication.name} at ${publication.siteUrl}.`,
    publication.postalAddress,
    `Unsubscribe: ${links.unsubscribeUrl}`,
    `Manage preferences: ${links.preferencesUrl}`,
  ]
    .filter(Boolean)
    .join("\n");
  return `${[header, ...body, footer].join("\n\n")}\n`;
}
