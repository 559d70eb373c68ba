import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { requireActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/permissions";
import "../editor.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: { default: "Editor", template: "%s · Editor" }, robots: { index: false } };

/** Every page under /editor needs a member; anyone else is sent to sign in. */
export default async function EditorLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  return (
    <div className="editor">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="editor-header">
        <nav aria-label="Editor">
          <Link href="/editor" className="brand">
            Weekly
          </Link>
          <Link href="/editor">Issues</Link>
          <Link href="/editor/library">Library</Link>
          <Link href="/editor/images">Images</Link>
          {can(actor.role, "subscribers.view") ? <Link href="/editor/subscribers">Subscribers</Link> : null}
          {can(actor.role, "outbox.view") ? <Link href="/editor/outbox">Outbox</Link> : null}
          {can(actor.role, "settings.manage") ? <Link href="/editor/settings">Settings</Link> : null}
          <Link href="/editor/team">Team</Link>
          {/* Not prefetched: the site's layout brings its stylesheet (/brand.css), which a prefetch preloads on
              every editor page, unused there, and the browser warns of it a few seconds later. */}
          <Link href="/" prefetch={false}>
            Site
          </Link>
        </nav>
        <div className="who">
          <Link href="/editor/account">
            {actor.name ?? actor.email} <span className="badge">{actor.role}</span>
          </Link>
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="editor-main">
        {children}
      </main>
    </div>
  );
}
