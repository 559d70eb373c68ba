import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site/site-header";

/** Every public page: the search box above the page. No data is read here, so cached pages stay cached. */
export default function SiteLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader />
      {children}
    </>
  );
}
