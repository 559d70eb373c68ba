import type { Metadata } from "next";
import { PageNotFound } from "@/components/site/page-not-found";

export const metadata: Metadata = { title: "Page not found", robots: { index: false } };

/** A public page that calls notFound() (an unknown or unsent issue, an unknown topic): inside the site's layout, which has the header. */
export default function SiteNotFound() {
  return <PageNotFound />;
}
