/**
 * The events an endpoint may receive, with what each means. Subscriber events come from the status log's
 * trigger (prisma/constraints.sql), so these names are also spelt there; `issue.sent` from finalizeIssue.
 */
export const WEBHOOK_EVENTS = {
  "subscriber.created": "Someone was added, pending or active: the form, the API, an import, an editor",
  "subscriber.subscribed": "Someone started getting the newsletter: confirmed, added with consent, or back",
  "subscriber.unsubscribed": "Someone stopped it: their link, their preferences, an editor, the API",
  "subscriber.bounced": "An address bounced hard and is suppressed",
  "subscriber.complained": "A reader marked an issue as spam and is suppressed",
  "subscriber.erased": "Someone's data was erased on request: delete your copy too",
  "issue.sent": "An issue finished sending (or was published on the web only), with its counts",
} as const;

export type WebhookEvent = keyof typeof WEBHOOK_EVENTS;

export const WEBHOOK_EVENT_NAMES = Object.keys(WEBHOOK_EVENTS) as WebhookEvent[];

/** Sent by "Send a test event" only, to the one endpoint: never subscribed to. */
export const TEST_EVENT = "webhook.test";
