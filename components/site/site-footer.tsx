import Link from "next/link";
import { feedPaths } from "@/lib/archive/build-feed";

/**
 * The foot of every public page: the ways to follow the publication. The feeds are announced in the
 * home page's <head> too (<link rel="alternate">), which feed readers find but people never see. The
 * links are site-relative, so the layout still reads no data (cached pages stay cached).
 */
export function SiteFooter() {
  return (
    <footer className="site-footer">
      <nav aria-label="Follow">
        <Link href="/subscribe">Subscribe by email</Link>
        <a href={feedPaths("").rss} type="application/rss+xml">
          RSS feed
        </a>
      </nav>
    </footer>
  );
}
