import type { Metadata } from "next";
import Link from "next/link";
import { SnippetBox } from "@/components/editor/snippet-box";
import { requireActor } from "@/lib/auth/current-actor";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";
import { EMBED_HEIGHT, signUpSnippets } from "@/lib/subscribers/sign-up-snippets";

export const metadata: Metadata = { title: "Sign-up form" };

/** How to collect sign-ups on another site: a link, a plain HTML form, or a frame (lib/subscribers/sign-up-snippets.ts). */
export default async function SignUpFormPage() {
  await requireActor("subscribers.view");
  const publication = await getPublication(db());
  if (!publication) return <p>No publication yet.</p>;
  const snippets = signUpSnippets(publication);
  return (
    <>
      <p className="crumbs">
        <Link href="/editor/subscribers">Subscribers</Link> › Sign-up form
      </p>
      <h1>Sign-up form</h1>
      <p>
        Readers can subscribe on this site&apos;s pages, at <a href={snippets.pageUrl}>{snippets.pageUrl}</a>, or on any other site with one of these. Every sign-up is
        confirmed by email first (double opt-in), and the answer never tells whether an address was already on the list.
      </p>
      <h2>An HTML form</h2>
      <p className="muted">It takes the styles of the page it is pasted into and needs no script. After subscribing, the reader lands on this site&apos;s &quot;check your inbox&quot; page.</p>
      <SnippetBox label="HTML form" code={snippets.form} rows={10} />
      <h2>A frame</h2>
      <p className="muted">The reader stays on your page and sees the answer inside the frame. It looks like this site, as below.</p>
      <SnippetBox label="Frame" code={snippets.frame} rows={2} />
      <iframe src="/embed" title={`Subscribe to ${publication.name} (preview)`} className="embed-preview" height={EMBED_HEIGHT} />
    </>
  );
}
