import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/pagination";
import { requireActor } from "@/lib/auth/current-actor";
import { db } from "@/lib/db/client";
import { listOutbox } from "@/lib/outbox/list-outbox";
import { getPublication } from "@/lib/publication/get-publication";
import { formatDateTime } from "@/lib/time/format-date-time";
import { ScrollTable } from "@/components/editor/scroll-table";

export const metadata: Metadata = { title: "Outbox" };

type Props = { searchParams: Promise<{ page?: string; to?: string }> };

/** What the built-in transport "sent": every issue email, sign-in link and test, as the recipient would get it. */
export default async function OutboxPage({ searchParams }: Props) {
  const actor = await requireActor("outbox.view");
  const params = await searchParams;
  const to = params.to?.slice(0, 320) ?? "";
  const [list, publication] = await Promise.all([listOutbox(db(), actor, { page: Number(params.page) || 1, to }), getPublication(db())]);
  // In the publication's zone, like every time in the editor, and labelled: mail is often read beside a clock elsewhere.
  const timeZone = publication?.timezone ?? "UTC";
  const href = (page: number) => `/editor/outbox?${new URLSearchParams({ ...(to ? { to } : {}), page: String(page) })}`;
  return (
    <>
      <h1>Outbox</h1>
      <p className="muted">
        With no mail provider configured, mail is kept here instead of being sent. {list.total.toLocaleString("en")} {list.total === 1 ? "message" : "messages"}.
      </p>
      <form role="search" className="search" action="/editor/outbox">
        <label htmlFor="outbox-to" className="visually-hidden">
          Filter by recipient
        </label>
        <input id="outbox-to" type="search" name="to" defaultValue={to} placeholder="Recipient address" />
        <button type="submit" className="secondary">
          Filter
        </button>
      </form>
      {list.messages.length === 0 ? (
        <p className="muted">Nothing here yet.</p>
      ) : (
        <ScrollTable label="Messages in the outbox">
          <thead>
            <tr>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Kind</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {list.messages.map((message) => (
              <tr key={message.id}>
                <td>{message.toAddress}</td>
                <td>
                  <Link href={`/editor/outbox/${message.id}`}>{message.subject}</Link>
                </td>
                <td>{message.deliveryId ? "Issue" : "Other"}</td>
                <td>
                  <time dateTime={message.createdAt.toISOString()}>{formatDateTime(message.createdAt, timeZone, { withZone: true })}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      <Pagination page={list.page} pages={list.pages} href={href} />
    </>
  );
}
