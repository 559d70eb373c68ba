import Link from "next/link";

import { issuePath } from "@/lib/issues/issue-path";

type IssueSummary = { id: string; number: number; title: string; slug: string; preheader: string; publishedAt: Date | null };

export function IssueList({ issues, timezone }: { issues: IssueSummary[]; timezone: string }) {
  if (issues.length === 0) return <p className="empty">No issues published yet.</p>;
  const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: timezone });
  return (
    <ol className="issue-list">
      {issues.map((issue) => (
        <li key={issue.id}>
          <div className="meta">
            Issue #{issue.number}
            {issue.publishedAt ? ` · ${date.format(issue.publishedAt)}` : null}
          </div>
          <h2>
            <Link href={issuePath(issue)}>{issue.title}</Link>
          </h2>
          {issue.preheader ? <p>{issue.preheader}</p> : null}
        </li>
      ))}
    </ol>
  );
}
