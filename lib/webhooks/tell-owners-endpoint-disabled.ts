import { publicAppUrl } from "../config.ts";
import type { Database } from "../db/client";
import { sendSystemEmail } from "../email/send-system-email.ts";
import { getPublication } from "../publication/get-publication.ts";
import { formatDateTime } from "../time/format-date-time.ts";

/**
 * Mails every owner (those who may manage webhooks) that a worker disabled an endpoint after it failed
 * for days: nobody watches the settings page, and the software behind the endpoint is missing events.
 * A mail that cannot be sent is logged, never thrown: the endpoint stays disabled either way, and the
 * page says so too.
 */
export async function tellOwnersEndpointDisabled(
  prisma: Database,
  endpoint: { id: string; url: string; failingSince: Date; lastAnswer: string },
  now: Date,
): Promise<void> {
  try {
    const [publication, owners, waiting] = await Promise.all([
      getPublication(prisma),
      prisma.user.findMany({ where: { role: "owner" }, select: { email: true } }),
      prisma.webhookDelivery.count({ where: { endpointId: endpoint.id, status: "pending" } }),
    ]);
    const zone = publication?.timezone ?? "UTC";
    for (const owner of owners) {
      const sent = await sendSystemEmail(prisma, {
        to: owner.email,
        subject: `Webhook endpoint disabled: ${endpoint.url}`,
        heading: "A webhook endpoint was disabled",
        paragraphs: [
          `Every post to ${endpoint.url} has failed since ${formatDateTime(endpoint.failingSince, zone)}; the last answer was: ${endpoint.lastAnswer}. So it was disabled on ${formatDateTime(now, zone)}, and no new events are queued for it.`,
          `${waiting === 1 ? "1 event waits" : `${waiting} events wait`} for it and ${waiting === 1 ? "is" : "are"} kept. Once the receiver works again, enable the endpoint under Settings → Webhooks: what waits is posted at once.`,
        ],
        action: { label: "Open the webhooks settings", url: `${publicAppUrl()}/editor/settings/webhooks` },
        footnote: "You get this because you are an owner of the publication.",
      });
      if (!sent.ok) console.error(`Could not mail ${owner.email} that the webhook endpoint ${endpoint.url} was disabled: ${sent.error}`);
    }
  } catch (error) {
    console.error(`Could not tell the owners that the webhook endpoint ${endpoint.url} was disabled:`, error);
  }
}
