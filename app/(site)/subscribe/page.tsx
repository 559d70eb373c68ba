import type { Metadata } from "next";
import Link from "next/link";
import { SubscribeForm } from "@/components/site/subscribe-form";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";
import { SUBSCRIBE_NAME_MAX } from "@/lib/subscribers/subscribe-limits";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const publication = await getPublication(db());
  return { title: `Subscribe · ${publication?.name ?? "Weekly"}` };
}

type Props = { searchParams: Promise<{ sent?: string; error?: string }> };

/** What /api/subscribe's redirect names (fixed words, so a crafted link puts none of its own on the page). */
const ERRORS: Record<string, string> = {
  invalid: "That email address does not look right.",
  name: `That name cannot be used: keep it to ${SUBSCRIBE_NAME_MAX} characters of ordinary text.`,
  "rate-limited": "Too many requests. Try again later.",
};

/** The standalone form, and where the plain-form endpoint (/api/subscribe) lands. */
export default async function SubscribePage({ searchParams }: Props) {
  const publication = await getPublication(db());
  const { sent, error } = await searchParams;
  return (
    <main className="site narrow">
      <nav className="breadcrumb">
        <Link href="/">{publication?.name ?? "Home"}</Link>
      </nav>
      <h1 className="page-title">Subscribe to {publication?.name ?? "the newsletter"}</h1>
      {publication?.description ? <p>{publication.description}</p> : null}
      {sent ? (
        <p className="subscribe-done" role="status">
          Almost there: check your inbox for a link to confirm your subscription.
        </p>
      ) : (
        <>
          {error ? (
            <p className="subscribe-error" role="alert">
              {Object.hasOwn(ERRORS, error) ? ERRORS[error] : ERRORS.invalid}
            </p>
          ) : null}
          <SubscribeForm />
        </>
      )}
      <p className="muted small">One email a week. Every email has a one-click unsubscribe link.</p>
    </main>
  );
}
