import type { ReactNode } from "react";
import { SearchBox } from "@/components/site/search-box";

/** Every public page: the search box above the page. No data is read here, so cached pages stay cached. */
export default function SiteLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="site-bar">
        <SearchBox />
      </header>
      {children}
    </>
  );
}
