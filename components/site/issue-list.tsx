import Link from "next/link";
import type { ReactNode } from "react";

import { issuePath } from "@/lib/issues/issue-path";

type IssueSummary = { id: string; number: number; title: string; slug: string; preheader: string; publishedAt: Date | null };

/** `empty` is what to say instead of "No issues published yet." when the list is empty for another reason (a year without issues, say). */
export function IssueList({ issues, timezone, empty }: { issues: IssueSummary[]; timezone: string; empty?: ReactNode }) {
  if (issues.length === 0) return <p className="empty">{empty ?? "No issues published yet."}</p>;
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
