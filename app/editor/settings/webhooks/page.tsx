import type { Metadata } from "next";
import Link from "next/link";
import { manageWebhookAction } from "@/app/editor/actions";
import { CopyTextButton } from "@/components/editor/copy-text-button";
import { WebhookForm } from "@/components/editor/webhook-form";
import { RefreshWhile } from "@/components/editor/refresh-while";
import { ScrollTable } from "@/components/editor/scroll-table";
import { requireActor } from "@/lib/auth/current-actor";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";
import { WEBHOOK_DISABLE_AFTER_DAYS, WEBHOOK_MAX_ATTEMPTS, webhookBody } from "@/lib/webhooks/deliver-webhooks";
import { listWebhookEndpoints, PREVIOUS_SECRET_HOURS } from "@/lib/webhooks/webhook-endpoints";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/webhook-events";
import { Alert, Notice } from "@/components/editor/page-messages";
import { readPageMessage } from "@/lib/web/page-message";

export const metadata: Metadata = { title: "Webhooks" };

type Props = { searchParams: Promise<{ done?: string; tested?: string }> };

/** What each button did, by the code its action puts in the URL (app/editor/actions.ts). */
const WEBHOOK_NOTICES: Record<string, string> = {
  enabled: "Enabled: it gets new events again, and what waited is posted.",
  disabled: "Disabled: it gets no new events until enabled.",
  deleted: "Deleted, with its queue and log.",
  rotated: `New secret made. For ${PREVIOUS_SECRET_HOURS} hours every event is signed by the old one too: give the receiver the new one before then.`,
  retried: "Queued again: it is posted within a few seconds.",
};

/** Webhook endpoints, for the owner: add one, see its secret and its last deliveries, test, pause, retry, delete. */
export default async function WebhooksPage({ searchParams }: Props) {
  await requireActor("webhooks.manage");
  const query = await searchParams;
  const { done, tested } = query;
  const { error } = readPageMessage(query);
  const publication = await getPublication(db());
  if (!publication) return <p>No publication yet.</p>;
  const endpoints = await listWebhookEndpoints(db(), publication.id);
  const notice = done && Object.hasOwn(WEBHOOK_NOTICES, done) ? WEBHOOK_NOTICES[done] : null;
  const test = tested ? await db().webhookDelivery.findUnique({ where: { id: tested }, select: { status: true, lastStatusCode: true, lastError: true, endpoint: { select: { disabledAt: true } } } }) : null;
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: publication.timezone });
  const events = Object.entries(WEBHOOK_EVENTS).map(([name, meaning]) => ({ name, meaning }));
  return (
    <>
      <p className="crumbs">
        <Link href="/editor/settings">Settings</Link> › Webhooks
      </p>
      <h1>Webhooks</h1>
      <p>
        Other software (a CRM, a chat channel, your own scripts) hears what happens here as it happens: each event is POSTed as JSON{" "}
        <code>{`{"type", "timestamp", "data"}`}</code>, signed as <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> specifies (headers{" "}
        <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>), which its libraries and Svix&apos;s verify with the endpoint&apos;s
        secret. A receiver should answer 2xx within 10 seconds; anything else is tried again after 30 seconds, 2 and 10 minutes, and so on for about a day (
        {WEBHOOK_MAX_ATTEMPTS} attempts). An event may come twice (a retry after an answer that was lost): drop repeats by <code>webhook-id</code>. Order is not
        guaranteed. An endpoint whose every post fails for {WEBHOOK_DISABLE_AFTER_DAYS} days is disabled, and the owners are emailed.
      </p>
      <RefreshWhile active={endpoints.some((endpoint) => endpoint.pending > 0 && !endpoint.disabledAt)} everyMs={3000} />
      <Notice when={notice}>{notice}</Notice>
      <Notice when={test}>
        {test?.status === "delivered" ? `Test event delivered: the endpoint answered ${test.lastStatusCode}.` : `Test event not delivered: ${test?.lastError ?? "no answer"}. ${test?.endpoint.disabledAt ? "It waits until the endpoint is enabled." : "It will be tried again."}`}
      </Notice>
      <Alert message={error} />
      <h2>Add an endpoint</h2>
      <WebhookForm events={events} />
      <h2>Endpoints</h2>
      {endpoints.length === 0 ? <p className="muted">No endpoints yet.</p> : null}
      {endpoints.map((endpoint) => (
        <section key={endpoint.id} className="webhook" aria-labelledby={`webhook-${endpoint.id}`}>
          <h3 id={`webhook-${endpoint.id}`}>
            <code>{endpoint.url}</code>
            {endpoint.disabledAt ? <span className="muted"> (disabled)</span> : null}
          </h3>
          {endpoint.disabledAt && endpoint.disabledAutomatically ? (
            <p className="error">
              Disabled automatically on {when.format(endpoint.disabledAt)}: every post to it failed for {WEBHOOK_DISABLE_AFTER_DAYS} days
              {endpoint.failingSince ? `, since ${when.format(endpoint.failingSince)}` : null}. The owners were emailed. What waits for it is kept: once the
              receiver works, Enable posts it at once.
            </p>
          ) : null}
          <p className="muted">
            {endpoint.description ? `${endpoint.description} · ` : null}
            {endpoint.events.join(", ")} · added {when.format(endpoint.createdAt)}
            {endpoint.createdBy ? ` by ${endpoint.createdBy.name ?? endpoint.createdBy.email}` : null}
            {endpoint.pending ? ` · ${endpoint.pending} waiting` : null}
          </p>
          {endpoint.failingSince && !endpoint.disabledAt ? (
            <p className="error">
              Failing since {when.format(endpoint.failingSince)} ({endpoint.consecutiveFailures} {endpoint.consecutiveFailures === 1 ? "round" : "rounds"} of posts in a row).
              {endpoint.pausedUntil ? ` Its queue waits until ${when.format(endpoint.pausedUntil)}, then one round is tried again; nothing is dropped meanwhile.` : null}
            </p>
          ) : null}
          <details>
            <summary>Edit</summary>
            <WebhookForm events={events} endpoint={endpoint} />
          </details>
          <details>
            <summary>Signing secret</summary>
            <p>
              <code>{endpoint.secret}</code> <CopyTextButton text={endpoint.secret} label={`Copy the signing secret of ${endpoint.url}`} caption="Copy" />
            </p>
            {endpoint.previousSecretUntil && endpoint.previousSecretUntil > new Date() ? (
              <p className="muted">Until {when.format(endpoint.previousSecretUntil)}, events are also signed by the secret this one replaced.</p>
            ) : null}
            <form action={manageWebhookAction}>
              <input type="hidden" name="id" value={endpoint.id} />
              <button type="submit" name="verb" value="rotate" className="link-button">
                Rotate the secret
              </button>
            </form>
          </details>
          <div className="row">
            <form action={manageWebhookAction}>
              <input type="hidden" name="id" value={endpoint.id} />
              <button type="submit" name="verb" value="test">
                Send a test event
              </button>
            </form>
            <form action={manageWebhookAction}>
              <input type="hidden" name="id" value={endpoint.id} />
              <button type="submit" name="verb" value={endpoint.disabledAt ? "enable" : "disable"} className="link-button">
                {endpoint.disabledAt ? "Enable" : "Disable"}
              </button>
            </form>
            <form action={manageWebhookAction}>
              <input type="hidden" name="id" value={endpoint.id} />
              <button type="submit" name="verb" value="delete" className="link-button danger" aria-label={`Delete the endpoint ${endpoint.url}`}>
                Delete
              </button>
            </form>
          </div>
          {endpoint.deliveries.length === 0 ? (
            <p className="muted">Nothing posted yet.</p>
          ) : (
            <ScrollTable label={`Last deliveries to ${endpoint.url}`}>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Made</th>
                  <th scope="col">Result</th>
                  <th scope="col">
                    <span className="visually-hidden">Retry</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {endpoint.deliveries.map((delivery) => (
                  <tr key={delivery.id}>
                    <td>
                      {/* The body as it is posted, for checking a receiver against it (React escapes it: it is readers' text). */}
                      <details>
                        <summary>
                          <code>{delivery.event}</code>
                        </summary>
                        <pre className="webhook-body">{JSON.stringify(webhookBody(delivery), null, 2)}</pre>
                      </details>
                    </td>
                    <td>{when.format(delivery.createdAt)}</td>
                    <td>
                      {delivery.status === "delivered"
                        ? `Delivered (${delivery.lastStatusCode})${delivery.attempts > 1 ? ` on attempt ${delivery.attempts}` : ""}`
                        : delivery.status === "failed"
                          ? `Failed after ${delivery.attempts} attempts: ${delivery.lastError ?? "no answer"}`
                          : delivery.attempts === 0
                            ? "Waiting"
                            : `Attempt ${delivery.attempts} failed (${delivery.lastError ?? "no answer"}); ${endpoint.disabledAt ? "waits until the endpoint is enabled" : `next at ${when.format(delivery.nextAttemptAt)}`}`}
                    </td>
                    <td>
                      {delivery.status === "failed" ? (
                        <form action={manageWebhookAction}>
                          <input type="hidden" name="id" value={delivery.id} />
                          <button type="submit" name="verb" value="retry" className="link-button">
                            Retry
                          </button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
        </section>
      ))}
    </>
  );
}
