import Link from "next/link";

/** What the site says for an address with no page: a way on, to the home page or the archive. */
export function PageNotFound() {
  return (
    <main className="site narrow">
      <h1 className="page-title">Page not found</h1>
      <p>There is no page at this address. The link may be mistyped, or the page may have moved.</p>
      <p>
        <Link href="/">Go to the home page</Link> or <Link href="/archive">browse the archive</Link>.
      </p>
    </main>
  );
}
