import { publicAppUrl } from "../config.ts";
import type { Database } from "../db/client";
import { sendSystemEmail } from "../email/send-system-email.ts";
import { getPublication } from "../publication/get-publication.ts";
import { formatDateTime } from "../time/format-date-time.ts";

/** A worker mailing the owners holds the notice this long; one that dies meanwhile leaves it to the next. */
const NOTICE_LEASE_MS = 10 * 60_000;
/** A notice that reached no owner (the provider refused every one) is tried again, a lease apart, for this long. */
const NOTICE_RETRY_FOR_MS = 24 * 3_600_000;

/**
 * Mails every owner (those who may manage webhooks) about each endpoint a worker disabled after it
 * failed for days: nobody watches the settings page, and the software behind the endpoint is missing
 * events. The disable made the notice due in its own statement (`ownersNoticeDueAt`), so a worker that
 * dies before mailing leaves it to the next round: owners may then get it twice, never not at all.
 * Errors are logged, never thrown: the endpoint stays disabled either way, and its page says so too.
 */
export async function tellOwnersOfDisabledEndpoints(prisma: Database, now: Date): Promise<void> {
  const due = await prisma.$queryRaw<{ id: string; url: string; failingSince: Date | null; disabledAt: Date }[]>`
    UPDATE "WebhookEndpoint" SET "ownersNoticeDueAt" = ${new Date(now.getTime() + NOTICE_LEASE_MS)}
    WHERE "ownersNoticeDueAt" <= ${now} AND "disabledAt" IS NOT NULL AND "disabledAutomatically"
    RETURNING "id", "url", "failingSince", "disabledAt"`;
  for (const endpoint of due) {
    const reached = await tellOwnersEndpointDisabled(prisma, endpoint);
    const retry = !reached && now.getTime() - endpoint.disabledAt.getTime() < NOTICE_RETRY_FOR_MS;
    if (!retry) await prisma.webhookEndpoint.updateMany({ where: { id: endpoint.id }, data: { ownersNoticeDueAt: null } }).catch(logFailure(endpoint.url));
  }
}

/** Whether the mail reached at least one owner (or there is no owner to tell). */
async function tellOwnersEndpointDisabled(prisma: Database, endpoint: { id: string; url: string; failingSince: Date | null; disabledAt: Date }): Promise<boolean> {
  try {
    const [publication, owners, waiting, last] = await Promise.all([
      getPublication(prisma),
      prisma.user.findMany({ where: { role: "owner" }, select: { email: true } }),
      prisma.webhookDelivery.count({ where: { endpointId: endpoint.id, status: "pending" } }),
      prisma.webhookDelivery.findFirst({ where: { endpointId: endpoint.id, lastAttemptAt: { not: null } }, orderBy: { lastAttemptAt: "desc" }, select: { lastStatusCode: true, lastError: true } }),
    ]);
    const zone = publication?.timezone ?? "UTC";
    const lastAnswer = !last ? "no answer" : last.lastStatusCode === null ? (last.lastError ?? "no answer") : `HTTP ${last.lastStatusCode}`;
    let reached = owners.length === 0;
    for (const owner of owners) {
      const sent = await sendSystemEmail(prisma, {
        to: owner.email,
        subject: `Webhook endpoint disabled: ${endpoint.url}`,
        heading: "A webhook endpoint was disabled",
        paragraphs: [
          `Every post to ${endpoint.url} has failed since ${formatDateTime(endpoint.failingSince ?? endpoint.disabledAt, zone)}; the last answer was: ${lastAnswer}. So it was disabled on ${formatDateTime(endpoint.disabledAt, zone)}, and no new events are queued for it.`,
          `${waiting === 1 ? "1 event waits" : `${waiting} events wait`} for it and ${waiting === 1 ? "is" : "are"} kept. Once the receiver works again, enable the endpoint under Settings → Webhooks: what waits is posted at once.`,
        ],
        action: { label: "Open the webhooks settings", url: `${publicAppUrl()}/editor/settings/webhooks` },
        footnote: "You get this because you are an owner of the publication.",
      });
      if (sent.ok) reached = true;
      else console.error(`Could not mail ${owner.email} that the webhook endpoint ${endpoint.url} was disabled: ${sent.error}`);
    }
    return reached;
  } catch (error) {
    logFailure(endpoint.url)(error);
    return false;
  }
}

function logFailure(url: string) {
  return (error: unknown) => console.error(`Could not tell the owners that the webhook endpoint ${url} was disabled:`, error);
}
