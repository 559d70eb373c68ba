import { SearchBox } from "@/components/site/search-box";

/** The bar above every public page, and above the page-not-found page, which sits outside the site's layout. */
export function SiteHeader() {
  return (
    <header className="site-bar">
      <SearchBox />
    </header>
  );
}
