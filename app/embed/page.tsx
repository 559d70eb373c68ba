import type { Metadata } from "next";
import { SiteLogo } from "@/components/site/site-logo";
import { SubscribeForm } from "@/components/site/subscribe-form";
import { db } from "@/lib/db/client";
import { brandCss } from "@/lib/publication/brand-css";
import { getPublication } from "@/lib/publication/get-publication";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const publication = await getPublication(db());
  return { title: `Subscribe · ${publication?.name ?? "Weekly"}`, robots: { index: false } };
}

/**
 * The sign-up form alone, for an iframe on the publication's other sites (the
 * editor's Subscribers → Sign-up form gives the snippet). It is the one page
 * other sites may frame (next.config.js); the form answers inside the frame,
 * and the link opens the archive in a new tab rather than inside the frame.
 */
export default async function EmbedPage() {
  const publication = await getPublication(db());
  return (
    <main className="embed">
      <style>{brandCss(publication?.accentColor ?? "")}</style>
      {publication ? <SiteLogo src={publication.logoUrl} maxHeight={40} /> : null}
      <h1>Subscribe to {publication?.name ?? "the newsletter"}</h1>
      {publication?.description ? <p className="embed-description">{publication.description}</p> : null}
      <SubscribeForm compact />
      <p className="muted small">
        One email a week, with a one-click unsubscribe link.{" "}
        <a href="/archive" target="_blank" rel="noopener">
          Read past issues
        </a>
      </p>
    </main>
  );
}
