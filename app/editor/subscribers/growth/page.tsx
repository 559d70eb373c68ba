import type { Metadata } from "next";
import Link from "next/link";
import { ScrollTable } from "@/components/editor/scroll-table";
import { getAudienceGrowth, GROWTH_WEEKS, type GrowthWeeks } from "@/lib/audience/get-audience-growth";
import { getUnsubscribeReasons } from "@/lib/audience/get-unsubscribe-reasons";
import { requireActor } from "@/lib/auth/current-actor";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";

export const metadata: Metadata = { title: "Growth" };

type Props = { searchParams: Promise<{ weeks?: string }> };

const count = (value: number) => value.toLocaleString("en");
const signed = (value: number) => (value > 0 ? `+${count(value)}` : value < 0 ? `−${count(-value)}` : "0");
const weekOf = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/**
 * Who joined and who left the active list, week by week (lib/audience/get-audience-growth.ts), and why
 * those who left said they did (lib/audience/get-unsubscribe-reasons.ts).
 */
export default async function GrowthPage({ searchParams }: Props) {
  await requireActor("subscribers.view");
  const params = await searchParams;
  const weeks: GrowthWeeks = GROWTH_WEEKS.find((choice) => String(choice) === params.weeks) ?? 12;
  const publication = await getPublication(db());
  if (!publication) return <p>No publication yet.</p>;
  const growth = await getAudienceGrowth(db(), { publicationId: publication.id, timezone: publication.timezone, weeks });
  const reasons = await getUnsubscribeReasons(db(), { publicationId: publication.id, since: growth.since });
  const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: publication.timezone });
  // Bars share one scale: the busiest week's larger column is the full width.
  const widest = Math.max(1, ...growth.weeks.map((week) => Math.max(week.joined, week.unsubscribed + week.suppressed)));
  const bar = (value: number) => `${Math.round((100 * value) / widest)}%`;
  return (
    <>
      <p className="crumbs">
        <Link href="/editor/subscribers">Subscribers</Link> › Growth
      </p>
      <h1>Growth</h1>
      <nav className="tabs" aria-label="Period">
        {GROWTH_WEEKS.map((choice) => (
          <Link key={choice} href={`/editor/subscribers/growth?weeks=${choice}`} aria-current={choice === weeks ? "page" : undefined}>
            {choice} weeks
          </Link>
        ))}
      </nav>
      <p>
        <strong>{count(growth.active)}</strong> active subscribers, {signed(growth.active - growth.activeAtStart)} in {weeks} weeks: {count(growth.joined)} joined,{" "}
        {count(growth.left)} left.
      </p>
      <p className="muted">
        Weeks start on Monday ({publication.timezone}). Joined: confirmed, added or imported as active, or came back. Left: unsubscribed, or suppressed after a hard bounce or a
        spam complaint. Sign-ups that never confirmed are in neither. Before this count began, subscribers still active are counted in the week they were added.
      </p>
      <ScrollTable label="Growth by week">
        <thead>
          <tr>
            <th scope="col">Week of</th>
            <th scope="col">Joined</th>
            <th scope="col">Unsubscribed</th>
            <th scope="col">Bounced or complained</th>
            <th scope="col">Net</th>
            <th scope="col">Active at the end</th>
            <th scope="col" aria-hidden="true" className="growth-bars-head"></th>
          </tr>
        </thead>
        <tbody>
          {growth.weeks.toReversed().map((week) => (
            <tr key={week.week}>
              <th scope="row">{weekOf(week.week)}</th>
              <td>{count(week.joined)}</td>
              <td>{count(week.unsubscribed)}</td>
              <td>{count(week.suppressed)}</td>
              <td>{signed(week.net)}</td>
              <td>{count(week.activeAtEnd)}</td>
              <td aria-hidden="true" className="growth-bars">
                {week.joined > 0 ? <span className="growth-bar joined" style={{ width: bar(week.joined) }} /> : null}
                {week.unsubscribed + week.suppressed > 0 ? <span className="growth-bar left" style={{ width: bar(week.unsubscribed + week.suppressed) }} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      <h2>Why readers left</h2>
      {reasons.answered === 0 ? (
        <p className="muted">Nobody who unsubscribed in these {weeks} weeks answered the optional question on the unsubscribe page.</p>
      ) : (
        <>
          <p className="muted">
            {count(reasons.answered)} of those who unsubscribed in these {weeks} weeks answered the optional question on the unsubscribe page.
          </p>
          <ul className="reason-counts">
            {reasons.counts.map((row) => (
              <li key={row.reason}>
                {row.label}: <strong>{count(row.count)}</strong>
              </li>
            ))}
          </ul>
          {reasons.comments.length > 0 ? (
            <>
              <h3>In their words (the latest {reasons.comments.length})</h3>
              <ul className="reason-comments">
                {reasons.comments.map((row, index) => (
                  <li key={index}>
                    <blockquote>{row.comment}</blockquote>
                    <p className="muted">
                      {row.label}, {day.format(row.answeredAt)}
                    </p>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </>
  );
}
