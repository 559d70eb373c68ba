import type { Prisma } from "../db/generated/client";
import { issueUrl } from "../issues/issue-path.ts";

/**
 * `issue.sent` for each enabled endpoint that wants it, in the transaction that ends the send (finalizeIssue),
 * so the event exists exactly when the issue is sent. The counts are the ledger's at that moment.
 */
export async function enqueueIssueSent(tx: Prisma.TransactionClient, issueId: string, now: Date): Promise<void> {
  const issue = await tx.issue.findUniqueOrThrow({
    where: { id: issueId },
    select: { id: true, number: true, title: true, slug: true, status: true, channel: true, sentAt: true, publishedAt: true, publicationId: true, publication: { select: { siteUrl: true } } },
  });
  const endpoints = await tx.webhookEndpoint.findMany({ where: { publicationId: issue.publicationId, disabledAt: null, events: { has: "issue.sent" } }, select: { id: true } });
  if (endpoints.length === 0) return;
  const counts = await tx.delivery.groupBy({ by: ["status"], where: { issueId }, _count: { _all: true } });
  const count = (status: string) => counts.find((row) => row.status === status)?._count._all ?? 0;
  const payload = {
    id: issue.id,
    number: issue.number,
    title: issue.title,
    status: issue.status,
    channel: issue.channel,
    // An email-only issue has no page.
    url: issue.channel === "email_only" ? null : issueUrl(issue.publication.siteUrl, issue),
    sentAt: issue.sentAt,
    recipients: counts.reduce((sum, row) => sum + row._count._all, 0),
    sent: count("sent"),
    failed: count("failed"),
  };
  await tx.webhookDelivery.createMany({ data: endpoints.map((endpoint) => ({ endpointId: endpoint.id, event: "issue.sent", payload, nextAttemptAt: now, createdAt: now })) });
}
