import { parseBlocks } from "../blocks/parse-blocks.ts";
import type { Database } from "../db/client";
import { issueUrl } from "../issues/issue-path.ts";
import type { IssueView } from "../issues/issue-view.ts";

/** An issue with what its email needs, as stored now. Blocks are validated later, by the checks. */
export async function loadIssueView(prisma: Database, issueId: string) {
  const issue = await prisma.issue.findUnique({
    where: { id: issueId },
    // The email leaves out web-only blocks.
    include: { publication: true, blocks: { where: { channel: { not: "web_only" } }, orderBy: { position: "asc" }, select: { id: true, type: true, data: true } } },
  });
  if (!issue) return null;
  const { publication } = issue;
  const view: Omit<IssueView, "blocks"> & { blocks: unknown } = {
    publication: {
      name: publication.name,
      description: publication.description,
      siteUrl: publication.siteUrl,
      postalAddress: publication.postalAddress,
      timezone: publication.timezone,
      logoUrl: publication.logoUrl,
      accentColor: publication.accentColor,
    },
    issue: {
      number: issue.number,
      title: issue.title,
      preheader: issue.preheader,
      date: issue.sentAt ?? issue.scheduledAt ?? new Date(),
      webUrl: issueUrl(publication.siteUrl, issue),
    },
    blocks: issue.blocks,
  };
  return { issue, publication, view };
}

/** The same, with blocks that must pass their schemas (a send never renders unchecked content). */
export async function loadValidIssueView(prisma: Database, issueId: string) {
  const found = await loadIssueView(prisma, issueId);
  if (!found) return null;
  const parsed = parseBlocks(found.view.blocks);
  if (!parsed.ok) throw new Error(`Issue ${issueId} has blocks that fail their schema; it cannot be sent.`);
  return { ...found, view: { ...found.view, blocks: parsed.blocks } satisfies IssueView };
}
