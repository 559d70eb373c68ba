import { getBlockDefinition } from "../lib/blocks/registry.ts";
import { demoPublication } from "../lib/demo/publication.ts";
import { demoIssues } from "../lib/demo/issues.ts";
import { issueUrl } from "../lib/issues/issue-path.ts";
import type { IssueView, RecipientLinks } from "../lib/issues/issue-view.ts";
import { IssueLayout } from "./_components/issue-layout.tsx";

export type IssueEmailProps = IssueView & { links: RecipientLinks };

/** The weekly issue: the shared layout around each block's email component. */
export default function IssueEmail({ links, blocks, ...view }: IssueEmailProps) {
  return (
    <IssueLayout view={view} links={links}>
      {blocks.map((block, index) => {
        const { Email } = getBlockDefinition(block.type);
        return <Email key={block.id ?? index} data={block.data} accent={view.publication.accentColor} />;
      })}
    </IssueLayout>
  );
}

const previewIssue = demoIssues[1]!;

IssueEmail.PreviewProps = {
  publication: { ...demoPublication, siteUrl: "https://gridnotes.example" },
  issue: {
    number: previewIssue.number,
    title: previewIssue.title,
    preheader: previewIssue.preheader,
    date: new Date(previewIssue.sentAt ?? "2026-11-16T06:30:00Z"),
    webUrl: issueUrl("https://gridnotes.example", previewIssue),
  },
  blocks: previewIssue.blocks,
  links: {
    unsubscribeUrl: "https://gridnotes.example/unsubscribe?token=preview",
    preferencesUrl: "https://gridnotes.example/preferences?token=preview",
  },
} satisfies IssueEmailProps;
