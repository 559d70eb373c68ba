import type { ReactNode } from "react";
import { SiteFooter } from "@/components/site/site-footer";
import { SiteHeader } from "@/components/site/site-header";

/**
 * Every public page: the publication's colours (/brand.css), the site's links and search box above the page and its feed below. No data
 * is read here, so cached pages stay cached (and a build renders pages without a database).
 */
export default function SiteLayout({ children }: { children: ReactNode }) {
  return (
    <>
      {/* React puts the stylesheet in the head; its colours follow Settings within a minute. */}
      {/* eslint-disable-next-line @next/next/no-css-tags -- made per publication at run time, not a build asset */}
      <link rel="stylesheet" href="/brand.css" precedence="default" />
      {/* The first stop for a keyboard: past the bar's links and search box, straight to the page. */}
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <SiteHeader />
      <div id="content" tabIndex={-1}>
        {children}
      </div>
      <SiteFooter />
    </>
  );
}
