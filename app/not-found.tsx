import type { Metadata } from "next";
import { PageNotFound } from "@/components/site/page-not-found";
import { SiteHeader } from "@/components/site/site-header";

export const metadata: Metadata = { title: "Page not found", robots: { index: false } };

/**
 * An address that matches no route, answered with status 404. It is outside the
 * site's layout, so it brings the site's header itself; a public page that calls
 * notFound() gets app/(site)/not-found.tsx, inside the layout. Reads no data.
 */
export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <PageNotFound />
    </>
  );
}
