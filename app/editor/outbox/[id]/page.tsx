import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/current-actor";
import { db } from "@/lib/db/client";
import { getOutboxMessage } from "@/lib/outbox/list-outbox";
import { linksIn } from "@/lib/outbox/links-in";
import { getPublication } from "@/lib/publication/get-publication";
import { formatDateTime } from "@/lib/time/format-date-time";

export const metadata: Metadata = { title: "Outbox message" };

type Props = { params: Promise<{ id: string }> };

export default async function OutboxMessagePage({ params }: Props) {
  const actor = await requireActor("outbox.view");
  const { id } = await params;
  const [message, publication] = await Promise.all([getOutboxMessage(db(), actor, id), getPublication(db())]);
  if (!message) notFound();
  // The frame below cannot follow links; these can (a sign-in link "sent" to the outbox, say).
  const links = linksIn(message.text);
  const headers = Object.entries((message.headers ?? {}) as Record<string, string>);
  return (
    <>
      <p className="crumbs">
        <Link href="/editor/outbox">Outbox</Link> › Message
      </p>
      <h1>{message.subject}</h1>
      <dl className="headers">
        <dt>From</dt>
        <dd>{message.fromAddress}</dd>
        <dt>To</dt>
        <dd>{message.toAddress}</dd>
        <dt>Stored</dt>
        <dd>
          <time dateTime={message.createdAt.toISOString()}>{formatDateTime(message.createdAt, publication?.timezone ?? "UTC", { withZone: true })}</time>
        </dd>
        {headers.map(([name, value]) => (
          <div key={name} className="contents">
            <dt>{name}</dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
      </dl>
      <h2>As the recipient sees it</h2>
      {/* sandbox="": the message's HTML can run nothing and reach nothing of the editor. */}
      <iframe title="Message HTML" className="message-frame" sandbox="" srcDoc={message.html} />
      {links.length ? (
        <>
          <h2>Links in this message</h2>
          <ul className="links">
            {links.map((link) => (
              <li key={link}>
                <a href={link}>{link}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Plain-text part</h2>
      <pre className="message-text">{message.text}</pre>
    </>
  );
}
