import Link from "next/link";

/** "← Newer · Page 2 of 5 · Older →" for lists sorted newest first (other labels for other orders). */
export function Pagination({
  page,
  pages,
  href,
  labels = { previous: "← Newer", next: "Older →" },
  prefetch,
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
  labels?: { previous: string; next: string };
  /** Next's default unless false: a page whose every request costs something is fetched only when followed. */
  prefetch?: false;
}) {
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pages">
      {page > 1 ? <Link href={href(page - 1)} prefetch={prefetch}>{labels.previous}</Link> : <span />}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? <Link href={href(page + 1)} prefetch={prefetch}>{labels.next}</Link> : <span />}
    </nav>
  );
}
