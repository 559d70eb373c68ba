import type { Metadata } from "next";
import Link from "next/link";
import { createTagAction, deleteTagAction, updateTagAction } from "@/app/editor/actions";
import { requireActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";
import { listTags } from "@/lib/tags/manage-tags";
import { Alert, Notice } from "@/components/editor/page-messages";
import { readPageMessage } from "@/lib/web/page-message";

export const metadata: Metadata = { title: "Tags" };

type Props = { searchParams: Promise<{ saved?: string; deleted?: string }> };

/** Tags label subscribers (segments); a public tag is also a topic readers see and choose. */
export default async function TagsPage({ searchParams }: Props) {
  const actor = await requireActor("subscribers.view");
  const query = await searchParams;
  const { saved, deleted } = query;
  const { error } = readPageMessage(query);
  const publication = await getPublication(db());
  if (!publication) return <p>No publication yet.</p>;
  const tags = await listTags(db(), publication.id);
  const manage = can(actor.role, "tags.manage");
  return (
    <>
      <p className="crumbs">
        <Link href="/editor/subscribers">Subscribers</Link> › Tags
      </p>
      <h1>Tags</h1>
      <p className="muted">Tags label subscribers, and an issue can go to the subscribers with some tags. A public tag is also a topic: it has a page on the site, issues and stories carry it, and readers can choose it in their preferences.</p>
      <Notice when={saved}>
        Saved.
      </Notice>
      <Notice when={deleted}>
        Deleted. Subscribers, issues and stories no longer carry it.
      </Notice>
      <Alert message={error} />
      {tags.length === 0 ? <p className="muted">No tags yet.</p> : null}
      <ul className="tag-list">
        {tags.map((tag) => (
          <li key={tag.id} className="tag-item">
            <h2>
              {tag.name} {tag.isPublic ? <span className="badge">Topic</span> : null}
            </h2>
            <p className="muted">
              <Link href={`/editor/subscribers?tag=${encodeURIComponent(tag.id)}`}>
                {tag.subscribers.toLocaleString("en")} {tag.subscribers === 1 ? "subscriber" : "subscribers"}
              </Link>
              {tag.isPublic ? (
                <>
                  {" "}
                  · {/* Not prefetched, as the header's "Site" link (app/editor/layout.tsx). */}
                  <Link href={`/topics/${tag.slug}`} prefetch={false}>
                    Topic page
                  </Link>
                </>
              ) : null}
            </p>
            {manage ? (
              <>
                <form action={updateTagAction} className="stack settings-form">
                  <input type="hidden" name="id" value={tag.id} />
                  <div className="field">
                    <label htmlFor={`tag-name-${tag.id}`}>Name</label>
                    <input id={`tag-name-${tag.id}`} name="name" defaultValue={tag.name} required maxLength={60} />
                  </div>
                  <label className="radio">
                    <input type="checkbox" name="isPublic" defaultChecked={tag.isPublic} /> Public: a topic readers see and can choose
                  </label>
                  <div className="field">
                    <label htmlFor={`tag-description-${tag.id}`}>Description (shown on the topic page)</label>
                    <textarea id={`tag-description-${tag.id}`} name="description" rows={2} maxLength={500} defaultValue={tag.description} />
                  </div>
                  <button type="submit" className="secondary">
                    Save {tag.name}
                  </button>
                </form>
                <details>
                  <summary>Delete {tag.name}…</summary>
                  <form action={deleteTagAction} className="stack">
                    <input type="hidden" name="id" value={tag.id} />
                    <p className="muted">
                      {tag.subscribers.toLocaleString("en")} {tag.subscribers === 1 ? "subscriber loses" : "subscribers lose"} it; issues and stories stop carrying it{tag.isPublic ? ", its topic page goes" : ""}, and unsent issues going to it no longer name it.
                    </p>
                    <button type="submit" className="danger">
                      Delete {tag.name} for good
                    </button>
                  </form>
                </details>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {manage ? (
        <form action={createTagAction} className="stack invite">
          <h2>New tag</h2>
          <div className="field">
            <label htmlFor="new-tag-name">Name</label>
            <input id="new-tag-name" name="name" required maxLength={60} />
          </div>
          <label className="radio">
            <input type="checkbox" name="isPublic" /> Public: a topic readers see and can choose
          </label>
          <div className="field">
            <label htmlFor="new-tag-description">Description (optional)</label>
            <textarea id="new-tag-description" name="description" rows={2} maxLength={500} />
          </div>
          <button type="submit" className="primary">
            Create tag
          </button>
        </form>
      ) : null}
    </>
  );
}
