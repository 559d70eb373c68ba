import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ScrollTable } from "@/components/editor/scroll-table";
import { requireActor } from "@/lib/auth/current-actor";
import { db } from "@/lib/db/client";
import { getIssueReport, REPORT_LINK_LIMIT } from "@/lib/delivery/get-issue-report";
import { getPublication } from "@/lib/publication/get-publication";
import { formatDateTime } from "@/lib/time/format-date-time";
import { formatShare } from "@/lib/text/format-share";

export const metadata: Metadata = { title: "Report" };

type Props = { params: Promise<{ id: string }> };

const count = (value: number) => value.toLocaleString("en");

export default async function IssueReportPage({ params }: Props) {
  await requireActor("issue.report");
  const { id } = await params;
  const prisma = db();
  const [report, publication] = await Promise.all([getIssueReport(prisma, id), getPublication(prisma)]);
  if (!report) notFound();
  const { issue, delivery, engagement } = report;
  // Rates are of the messages the provider accepted; opens and clicks of those it reported delivered, when it reports deliveries.
  const reached = engagement.delivered || delivery.sent;
  const ofReached = engagement.delivered ? "of delivered" : "of sent";
  return (
    <>
      <div className="page-head">
        <p className="crumbs">
          <Link href="/editor?tab=sent">Issues</Link> › <Link href={`/editor/issues/${issue.id}`}>Issue #{issue.number}</Link> › Report
        </p>
      </div>
      <h1>
        Report: #{issue.number} {issue.title || "Untitled"}
      </h1>
      {delivery.total === 0 ? (
        <p className="muted">
          {issue.status === "draft" || issue.status === "scheduled"
            ? "This issue has not been sent, so there is nothing to report yet."
            : "No emails were sent for this issue: it went on the site only (a web-only or imported issue)."}
        </p>
      ) : (
        <>
          <p className="muted">
            Status: <span className={`status status-${issue.status}`}>{issue.status.replace("_", " ")}</span>
            {issue.sentAt ? `, finished ${formatDateTime(issue.sentAt, publication?.timezone ?? "UTC", { withZone: true })}` : null}.
          </p>
          <section aria-labelledby="report-delivery" className="report">
            <h2 id="report-delivery">Delivery</h2>
            <dl className="figures">
              <dt>Recipients</dt>
              <dd>{count(delivery.total)}</dd>
              <dt>Sent</dt>
              <dd>{count(delivery.sent)}</dd>
              <dt>Failed</dt>
              <dd>{count(delivery.failed)}</dd>
              {delivery.queued + delivery.sending > 0 ? (
                <>
                  <dt>Still to send</dt>
                  <dd>{count(delivery.queued + delivery.sending)}</dd>
                </>
              ) : null}
              {delivery.skipped > 0 ? (
                <>
                  <dt>Skipped</dt>
                  <dd>{count(delivery.skipped)}</dd>
                </>
              ) : null}
            </dl>
          </section>
          <section aria-labelledby="report-engagement" className="report">
            <h2 id="report-engagement">Opens and clicks</h2>
            <dl className="figures">
              <dt>Delivered</dt>
              <dd>
                {count(engagement.delivered)} <span className="muted">({formatShare(engagement.delivered, delivery.sent)} of sent)</span>
              </dd>
              <dt>Opened</dt>
              <dd>
                {count(engagement.opened)} <span className="muted">({formatShare(engagement.opened, reached)} {ofReached})</span>
              </dd>
              <dt>Clicked</dt>
              <dd>
                {count(engagement.clicked)} <span className="muted">({formatShare(engagement.clicked, reached)} {ofReached}; {formatShare(engagement.clicked, engagement.opened)} of those who opened; {count(engagement.clicks)} clicks in all)</span>
              </dd>
              <dt>Bounced</dt>
              <dd>
                {count(engagement.hardBounced)} hard, {count(engagement.softBounced)} soft
              </dd>
              <dt>Marked as spam</dt>
              <dd>{count(engagement.complained)}</dd>
              <dt>Unsubscribed</dt>
              <dd>
                {count(engagement.unsubscribed)} <span className="muted">({formatShare(engagement.unsubscribed, delivery.sent)} of sent, through this issue&apos;s link)</span>
              </dd>
            </dl>
            <p className="muted">
              Each reader counts once however often they open or click. These come from the mail provider&apos;s webhooks (Resend): the outbox and SMTP report none. Unsubscribes are counted by this site, with any transport. Opens are an estimate: some
              mail apps load every image on delivery, others none.
            </p>
          </section>
          <section aria-labelledby="report-stories" className="report">
            <h2 id="report-stories">Clicks by story</h2>
            {report.stories.length === 0 ? (
              <p className="muted">This issue has no stories with their own anchor.</p>
            ) : (
              <ScrollTable label="Clicks by story">
                <thead>
                  <tr>
                    <th scope="col">Story</th>
                    <th scope="col">Readers who clicked</th>
                    <th scope="col">Clicks</th>
                  </tr>
                </thead>
                <tbody>
                  {report.stories.map((story) => (
                    <tr key={story.storyId}>
                      <td>{story.headline}</td>
                      <td>{count(story.clickers)}</td>
                      <td>{count(story.clicks)}</td>
                    </tr>
                  ))}
                  <tr>
                    <td className="muted">Outside any story</td>
                    <td>{count(report.outsideStories.clickers)}</td>
                    <td>{count(report.outsideStories.clicks)}</td>
                  </tr>
                </tbody>
              </ScrollTable>
            )}
          </section>
          <section aria-labelledby="report-links" className="report">
            <h2 id="report-links">Clicks by link</h2>
            {report.links.length === 0 ? (
              <p className="muted">No clicks reported yet.</p>
            ) : (
              <>
                <ScrollTable label="Clicks by link">
                  <thead>
                    <tr>
                      <th scope="col">Link</th>
                      <th scope="col">Story</th>
                      <th scope="col">Readers who clicked</th>
                      <th scope="col">Clicks</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.links.map((link) => (
                      <tr key={`${link.url} ${link.storyId ?? ""}`}>
                        <td className="link-cell">{link.url}</td>
                        <td>{link.headline ?? <span className="muted">—</span>}</td>
                        <td>{count(link.clickers)}</td>
                        <td>{count(link.clicks)}</td>
                      </tr>
                    ))}
                  </tbody>
                </ScrollTable>
                {report.linkCount > report.links.length ? (
                  <p className="muted">
                    The {REPORT_LINK_LIMIT} most clicked of {count(report.linkCount)} links.
                  </p>
                ) : null}
              </>
            )}
          </section>
        </>
      )}
    </>
  );
}
