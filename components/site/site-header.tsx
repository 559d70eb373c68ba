import Link from "next/link";
import { SearchBox } from "@/components/site/search-box";

/** The bar above every public page, and above the page-not-found page, which sits outside the site's layout. */
export function SiteHeader() {
  return (
    <header className="site-bar">
      {/* The site's sections, reachable from every page: /topics had no link to it at all. */}
      <nav className="site-nav" aria-label="Site">
        <Link href="/">Home</Link>
        <Link href="/archive">Archive</Link>
        <Link href="/topics">Topics</Link>
      </nav>
      <SearchBox />
    </header>
  );
}
