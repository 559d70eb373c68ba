import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/pagination";
import { requireActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { ISSUE_TABS, listEditorIssues, type IssueTab } from "@/lib/issues/list-editor-issues";
import { getPublication } from "@/lib/publication/get-publication";
import { ScrollTable } from "@/components/editor/scroll-table";
import { formatShare } from "@/lib/text/format-share";
import { formatDateTime } from "@/lib/time/format-date-time";
import { Alert } from "@/components/editor/page-messages";

export const metadata: Metadata = { title: "Issues" };

type Props = { searchParams: Promise<{ tab?: string; q?: string; page?: string; forbidden?: string }> };

const TAB_LABELS: Record<IssueTab, string> = { drafts: "Drafts", scheduled: "Scheduled", sent: "Sent" };

export default async function IssuesPage({ searchParams }: Props) {
  const actor = await requireActor();
  const params = await searchParams;
  const tab: IssueTab = params.tab && params.tab in ISSUE_TABS ? (params.tab as IssueTab) : "drafts";
  const publication = await getPublication(db());
  if (!publication) return <p>No publication yet. Run <code>npm run db:seed</code>.</p>;
  const query = params.q?.slice(0, 200) ?? "";
  const list = await listEditorIssues(db(), { publicationId: publication.id, tab, query, page: Number(params.page) || 1 });
  const href = (next: { tab?: IssueTab; page?: number }) => {
    const search = new URLSearchParams({ tab: next.tab ?? tab, ...(query ? { q: query } : {}), ...(next.page && next.page > 1 ? { page: String(next.page) } : {}) });
    return `/editor?${search}`;
  };
  return (
    <>
      <div className="page-head">
        <h1>Issues</h1>
        {can(actor.role, "issue.write") ? (
          <Link href="/editor/issues/new" className="button primary">
            New issue
          </Link>
        ) : null}
      </div>
      <Alert message={params.forbidden ? `Your role (${actor.role}) cannot open that page.` : null} />
      <nav className="tabs" aria-label="Issue status">
        {(Object.keys(ISSUE_TABS) as IssueTab[]).map((id) => (
          <Link key={id} href={href({ tab: id })} aria-current={id === tab ? "page" : undefined}>
            {TAB_LABELS[id]} <span className="count">{list.tabCounts[id]}</span>
          </Link>
        ))}
      </nav>
      <form role="search" className="search" action="/editor">
        <input type="hidden" name="tab" value={tab} />
        <label htmlFor="issue-search" className="visually-hidden">
          Search issues by title
        </label>
        <input id="issue-search" type="search" name="q" defaultValue={query} placeholder="Search by title" />
        <button type="submit" className="secondary">
          Search
        </button>
      </form>
      {list.issues.length === 0 ? (
        <p className="muted">{query ? `No ${TAB_LABELS[tab].toLowerCase()} match “${query}”.` : `No ${TAB_LABELS[tab].toLowerCase()} yet.`}</p>
      ) : (
        <ScrollTable label="Issues">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">{tab === "sent" ? "Sent" : tab === "scheduled" ? "Send time" : "Edited"}</th>
              {tab === "sent" ? <th scope="col">Opens and clicks</th> : null}
            </tr>
          </thead>
          <tbody>
            {list.issues.map((issue) => (
              <tr key={issue.id}>
                <td>{issue.number}</td>
                <td>
                  <Link href={`/editor/issues/${issue.id}`}>{issue.title || "Untitled"}</Link>
                  {issue.submittedForReviewAt && issue.status === "draft" ? <span className="badge">In review</span> : null}
                </td>
                <td>
                  <span className={`status status-${issue.status}`}>{issue.status.replace("_", " ")}</span>
                </td>
                <td>{formatDateTime(tab === "sent" ? issue.sentAt : tab === "scheduled" ? issue.scheduledAt : issue.updatedAt, publication.timezone)}</td>
                {tab === "sent" ? (
                  <td>
                    {issue.engagement && issue.engagement.delivered > 0 ? (
                      <>
                        {formatShare(issue.engagement.opened, issue.engagement.delivered)} opened, {formatShare(issue.engagement.clicked, issue.engagement.delivered)} clicked{" "}
                        <span className="muted">of {issue.engagement.delivered.toLocaleString("en")} delivered</span>{" · "}
                      </>
                    ) : null}
                    <Link href={`/editor/issues/${issue.id}/report`} aria-label={`Report on issue #${issue.number}`}>
                      Report
                    </Link>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      <Pagination page={list.page} pages={list.pages} href={(page) => href({ page })} />
    </>
  );
}
