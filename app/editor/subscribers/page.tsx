import type { Metadata } from "next";
import Link from "next/link";
import { addSubscriberAction, tagSubscribersAction } from "@/app/editor/actions";
import { countSubscribers, ENGAGEMENT_DAYS, listSubscribers, SUBSCRIBER_STATUSES } from "@/lib/audience/list-subscribers";
import { parseSubscriberFilter } from "@/lib/audience/parse-subscriber-filter";
import { requireActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";
import { ScrollTable } from "@/components/editor/scroll-table";
import { Alert, Notice } from "@/components/editor/page-messages";
import { readPageMessage } from "@/lib/web/page-message";

export const metadata: Metadata = { title: "Subscribers" };

type Props = { searchParams: Promise<Record<string, string | undefined>> };

export default async function SubscribersPage({ searchParams }: Props) {
  const actor = await requireActor("subscribers.view");
  const params = await searchParams;
  const filter = parseSubscriberFilter(params);
  const publication = await getPublication(db());
  if (!publication) return <p>No publication yet.</p>;
  const [page, counts, tags] = await Promise.all([
    listSubscribers(db(), { publicationId: publication.id, ...filter }),
    countSubscribers(db(), { publicationId: publication.id, query: filter.query, tagId: filter.tagId, engagement: filter.engagement }),
    db().tag.findMany({ where: { publicationId: publication.id }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  const manage = can(actor.role, "subscribers.manage");
  const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: publication.timezone });
  const link = (change: Record<string, string | undefined>) => {
    const next = { status: filter.status, sort: filter.sort === "newest" ? undefined : filter.sort, q: filter.query, tag: filter.tagId, engagement: filter.engagement, ...change };
    const search = new URLSearchParams(Object.entries(next).filter((entry): entry is [string, string] => Boolean(entry[1])));
    return `?${search}`;
  };
  const exportHref = `/editor/subscribers/export${link({ after: undefined })}`;
  return (
    <>
      <div className="page-head">
        <h1>Subscribers</h1>
        <div className="row">
          <Link href="/editor/subscribers/growth">Growth</Link>
          <Link href="/editor/subscribers/tags">Tags</Link>
          <Link href="/editor/subscribers/sign-up-form">Sign-up form</Link>
          {manage ? (
            <Link href="/editor/subscribers/import" className="button secondary">
              Import CSV
            </Link>
          ) : null}
          <a href={exportHref} className="button secondary">
            Export CSV
          </a>
        </div>
      </div>
      <Notice when={params.erased}>
        Erased. The address and name are gone; the counts keep an anonymous row.
      </Notice>
      <Notice when={params.tagged}>
        {Number(params.tagged).toLocaleString("en")} {params.tagged === "1" ? "subscriber" : "subscribers"} changed.
      </Notice>
      <Alert message={readPageMessage(params).error} />
      <nav className="tabs" aria-label="Status">
        <Link href={link({ status: undefined, after: undefined })} aria-current={filter.status ? undefined : "page"}>
          All <span className="count">{counts.total.toLocaleString("en")}</span>
        </Link>
        {SUBSCRIBER_STATUSES.map((status) => (
          <Link key={status} href={link({ status, after: undefined })} aria-current={filter.status === status ? "page" : undefined}>
            {status} <span className="count">{counts.byStatus[status].toLocaleString("en")}</span>
          </Link>
        ))}
      </nav>
      <form role="search" className="search" action="/editor/subscribers">
        {filter.status ? <input type="hidden" name="status" value={filter.status} /> : null}
        <label htmlFor="subscriber-search" className="visually-hidden">
          Search by email or name
        </label>
        <input id="subscriber-search" type="search" name="q" defaultValue={filter.query} placeholder="Email or name" />
        <label htmlFor="subscriber-sort" className="visually-hidden">
          Sort
        </label>
        <label htmlFor="subscriber-tag" className="visually-hidden">
          Tag
        </label>
        <select id="subscriber-tag" name="tag" defaultValue={filter.tagId ?? ""}>
          <option value="">Any tag or none</option>
          {tags.map((tag) => (
            <option key={tag.id} value={tag.id}>
              Tagged {tag.name}
            </option>
          ))}
        </select>
        <label htmlFor="subscriber-engagement" className="visually-hidden">
          Opens and clicks
        </label>
        <select id="subscriber-engagement" name="engagement" defaultValue={filter.engagement ?? ""}>
          <option value="">Any opens and clicks</option>
          <option value="engaged">Opened or clicked in {ENGAGEMENT_DAYS} days</option>
          <option value="inactive">Nothing opened in {ENGAGEMENT_DAYS} days</option>
        </select>
        <select id="subscriber-sort" name="sort" defaultValue={filter.sort}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
          <option value="email">By email</option>
        </select>
        <button type="submit" className="secondary">
          Search
        </button>
      </form>
      {filter.engagement ? (
        <p className="hint">
          {filter.engagement === "inactive"
            ? `Subscribers on the list for ${ENGAGEMENT_DAYS} days or more who opened and clicked nothing in that time: candidates for a last “still interested?” email, then for unsubscribing, which keeps a list that mail providers trust.`
            : `Subscribers who opened or clicked an email in the last ${ENGAGEMENT_DAYS} days.`}{" "}
          Opens and clicks come from Resend&apos;s webhooks; the outbox and SMTP report none. Some mail apps open every email on their own, so an open is a hint, a click is proof.
        </p>
      ) : null}
      {page.subscribers.length === 0 ? (
        <p className="muted">No subscribers match.</p>
      ) : (
        <ScrollTable label="Subscribers">
          <thead>
            <tr>
              {manage ? (
                <th scope="col">
                  <span className="visually-hidden">Select</span>
                </th>
              ) : null}
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Tags</th>
              <th scope="col">Source</th>
              <th scope="col">Added</th>
              <th scope="col">Last opened or clicked</th>
            </tr>
          </thead>
          <tbody>
            {page.subscribers.map((subscriber) => (
              <tr key={subscriber.id}>
                {manage ? (
                  <td>
                    <input type="checkbox" name="ids" value={subscriber.id} form="bulk-tag" aria-label={`Select ${subscriber.email}`} />
                  </td>
                ) : null}
                <td>
                  <Link href={`/editor/subscribers/${subscriber.id}`}>{subscriber.email}</Link>
                </td>
                <td>{subscriber.name ?? "—"}</td>
                <td>
                  <span className={`status status-${subscriber.status}`}>{subscriber.status}</span>
                </td>
                <td>{subscriber.tags.map(({ tag }) => tag.name).join(", ") || "—"}</td>
                <td>{subscriber.source}</td>
                <td>{day.format(subscriber.createdAt)}</td>
                <td>{subscriber.lastEngagedAt ? day.format(subscriber.lastEngagedAt) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      <nav className="pagination" aria-label="Pages">
        {filter.after ? <Link href={link({ after: undefined })}>← First page</Link> : <span />}
        {page.nextCursor ? <Link href={link({ after: page.nextCursor })}>Next page →</Link> : <span />}
      </nav>
      {manage && tags.length > 0 && page.subscribers.length > 0 ? (
        <form id="bulk-tag" action={tagSubscribersAction} className="stack bulk-tag">
          <h2>Tag subscribers</h2>
          <input type="hidden" name="back" value={`/editor/subscribers${link({})}`} />
          {filter.status ? <input type="hidden" name="status" value={filter.status} /> : null}
          {filter.query ? <input type="hidden" name="q" value={filter.query} /> : null}
          {filter.tagId ? <input type="hidden" name="tag" value={filter.tagId} /> : null}
          {filter.engagement ? <input type="hidden" name="engagement" value={filter.engagement} /> : null}
          <div className="field">
            <label htmlFor="bulk-tag-id">Tag to add or remove</label>
            <select id="bulk-tag-id" name="tagId" required>
              {tags.map((tag) => (
                <option key={tag.id} value={tag.id}>
                  {tag.name}
                </option>
              ))}
            </select>
          </div>
          <fieldset>
            <legend>Which subscribers</legend>
            <label className="radio">
              <input type="radio" name="scope" value="selected" defaultChecked /> The rows ticked above
            </label>
            <label className="radio">
              <input type="radio" name="scope" value="filter" /> All {(filter.status ? counts.byStatus[filter.status] : counts.total).toLocaleString("en")} matching this view (every page)
            </label>
          </fieldset>
          <div className="row">
            <button type="submit" name="action" value="add" className="secondary">
              Add tag
            </button>
            <button type="submit" name="action" value="remove" className="secondary">
              Remove tag
            </button>
          </div>
        </form>
      ) : null}
      {manage ? (
        <form action={addSubscriberAction} className="stack invite">
          <h2>Add a subscriber</h2>
          <div className="field">
            <label htmlFor="add-email">Email</label>
            <input id="add-email" name="email" type="email" required />
          </div>
          <div className="field">
            <label htmlFor="add-name">Name (optional)</label>
            <input id="add-name" name="name" />
          </div>
          <label className="radio">
            <input type="checkbox" name="consent" /> I have this person&apos;s consent: add them as active. Unticked, they get a confirmation email first.
          </label>
          <button type="submit" className="primary">
            Add subscriber
          </button>
        </form>
      ) : null}
    </>
  );
}
