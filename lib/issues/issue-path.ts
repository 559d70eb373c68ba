/**
 * Public issue URLs are /issues/<number>-<slug>: the number finds the issue
 * (it never changes), the slug makes the link readable. A link with an old
 * or missing slug still resolves: the page names its canonical address
 * (rel=canonical) and the browser shows it (components/site/canonical-address.tsx).
 */
export function issuePath(issue: { number: number; slug: string }): string {
  return `/issues/${issue.number}-${issue.slug}`;
}

export function issueUrl(siteUrl: string, issue: { number: number; slug: string }): string {
  return `${siteUrl.replace(/\/+$/, "")}${issuePath(issue)}`;
}

/** "12-some-slug" → { number: 12, slug: "some-slug" }; "12" → { number: 12, slug: "" }; anything else → null. */
export function parseIssuePath(segment: string): { number: number; slug: string } | null {
  const match = /^([1-9]\d{0,8})(?:-(.*))?$/.exec(segment);
  return match ? { number: Number(match[1]), slug: match[2] ?? "" } : null;
}
