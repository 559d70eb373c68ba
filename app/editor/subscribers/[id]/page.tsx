import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { editSubscriberAction, eraseSubscriberAction, resendConfirmationAction, tagSubscribersAction } from "@/app/editor/actions";
import { subscriberHistory } from "@/lib/audience/subscriber-history";
import { requireActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { Alert, Notice } from "@/components/editor/page-messages";
import { readPageMessage } from "@/lib/web/page-message";

export const metadata: Metadata = { title: "Subscriber" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function SubscriberPage({ params, searchParams }: Props) {
  const actor = await requireActor("subscribers.view");
  const { id } = await params;
  const query = await searchParams;
  const found = await subscriberHistory(db(), id);
  if (!found) notFound();
  const { subscriber, entries } = found;
  const [tags, carried, publication] = await Promise.all([
    db().tag.findMany({ where: { publicationId: subscriber.publicationId }, orderBy: { name: "asc" }, select: { id: true, name: true, isPublic: true } }),
    db().subscriberTag.findMany({ where: { subscriberId: subscriber.id }, select: { tagId: true } }),
    db().publication.findUniqueOrThrow({ where: { id: subscriber.publicationId }, select: { timezone: true } }),
  ]);
  const has = new Set(carried.map((row) => row.tagId));
  const manage = can(actor.role, "subscribers.manage") && subscriber.source !== "erased";
  // In the publication's time zone, as every date of the editor is, not the server's.
  const format = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: publication.timezone });
  return (
    <>
      <p className="crumbs">
        <Link href="/editor/subscribers">Subscribers</Link> › {subscriber.email}
      </p>
      <h1>{subscriber.name ?? subscriber.email}</h1>
      <Notice when={query.added}>{query.added === "active" ? "Added as active." : "Added as pending: a confirmation email is on its way."}</Notice>
      <Notice when={query.exists}>That address is already on the list: here it is.</Notice>
      <Notice when={query.saved}>Saved.</Notice>
      <Notice when={query.tagged}>Tags saved.</Notice>
      <Notice when={query.resent}>The confirmation email is on its way again.</Notice>
      <Alert message={readPageMessage(query).error} />
      <dl className="headers">
        <dt>Email</dt>
        <dd>{subscriber.email}</dd>
        <dt>Status</dt>
        <dd>
          <span className={`status status-${subscriber.status}`}>{subscriber.status}</span>
        </dd>
        <dt>Source</dt>
        <dd>{subscriber.source}</dd>
        <dt>Added</dt>
        <dd>{format.format(subscriber.createdAt)}</dd>
        <dt>Last opened or clicked</dt>
        <dd>{subscriber.lastEngagedAt ? format.format(subscriber.lastEngagedAt) : "Never reported"}</dd>
      </dl>
      {manage ? (
        <form action={editSubscriberAction} className="stack settings-form">
          <input type="hidden" name="id" value={subscriber.id} />
          <div className="field">
            <label htmlFor="subscriber-name">Name</label>
            <input id="subscriber-name" name="name" defaultValue={subscriber.name ?? ""} />
          </div>
          {subscriber.status === "active" || subscriber.status === "pending" ? (
            <label className="radio">
              <input type="checkbox" name="unsubscribe" /> Unsubscribe (only the subscriber can subscribe again)
            </label>
          ) : null}
          <button type="submit" className="secondary">
            Save
          </button>
        </form>
      ) : null}
      {manage && subscriber.status === "pending" ? (
        <form action={resendConfirmationAction} className="row">
          <input type="hidden" name="id" value={subscriber.id} />
          <span className="muted">They have not confirmed yet.</span>
          <button type="submit" className="secondary">
            Send the confirmation email again
          </button>
        </form>
      ) : null}
      <h2>Tags</h2>
      {has.size === 0 ? <p className="muted">No tags.</p> : null}
      <ul className="tag-chips">
        {tags
          .filter((tag) => has.has(tag.id))
          .map((tag) => (
            <li key={tag.id}>
              {tag.name}
              {tag.isPublic ? <span className="muted"> (topic)</span> : null}
              {manage ? (
                <form action={tagSubscribersAction} className="inline">
                  <input type="hidden" name="back" value={`/editor/subscribers/${subscriber.id}`} />
                  <input type="hidden" name="ids" value={subscriber.id} />
                  <input type="hidden" name="tagId" value={tag.id} />
                  <button type="submit" name="action" value="remove" className="link-button" aria-label={`Remove tag ${tag.name}`}>
                    ×
                  </button>
                </form>
              ) : null}
            </li>
          ))}
      </ul>
      {manage && tags.some((tag) => !has.has(tag.id)) ? (
        <form action={tagSubscribersAction} className="row">
          <input type="hidden" name="back" value={`/editor/subscribers/${subscriber.id}`} />
          <input type="hidden" name="ids" value={subscriber.id} />
          <label htmlFor="add-tag">Add a tag</label>
          <select id="add-tag" name="tagId">
            {tags
              .filter((tag) => !has.has(tag.id))
              .map((tag) => (
                <option key={tag.id} value={tag.id}>
                  {tag.name}
                </option>
              ))}
          </select>
          <button type="submit" name="action" value="add" className="secondary">
            Add tag
          </button>
        </form>
      ) : null}
      <h2>History</h2>
      <ol className="revisions">
        {entries.map((entry, index) => (
          <li key={index}>
            <span>{entry.detail}</span>
            <span className="muted">{format.format(entry.at)}</span>
          </li>
        ))}
      </ol>
      <h2>Their data</h2>
      <p>
        <a href={`/editor/subscribers/${subscriber.id}/data`} download>
          Download everything kept about them (JSON)
        </a>
        <span className="muted">: for a request to see one&apos;s own data. The history above in full, their tags, and the other emails the outbox holds for them.</span>
      </p>
      {manage ? (
        <form action={eraseSubscriberAction} className="danger-zone">
          <input type="hidden" name="id" value={subscriber.id} />
          <h2>Erase (GDPR)</h2>
          <p className="muted">Removes the address, the name and stored copies of their mail for good. Counts keep an anonymous row.</p>
          <label className="radio">
            <input type="checkbox" name="confirm" required /> I understand this cannot be undone
          </label>
          <button type="submit" className="danger">
            Erase this subscriber
          </button>
        </form>
      ) : null}
    </>
  );
}
