/**
 * Resend's side of the webhooks, for integration tests: an issue really sent
 * through the Resend transport (so its deliveries carry Resend's ids), and
 * events signed as Svix signs them, posted to the app's webhook route.
 */
import { Webhook } from "standardwebhooks";
import { POST } from "@/app/api/webhooks/resend/route";
import { signingSecret } from "@/lib/auth/signing-secret";
import type { Database } from "@/lib/db/client";
import { startSend } from "@/lib/delivery/start-send";
import { createRateLimiter } from "@/lib/delivery/rate-limiter";
import { createResendTransport } from "@/lib/delivery/transports/resend";
import { createWorker } from "@/lib/delivery/worker";
import { startFakeResend } from "./fake-resend";
import { createSendableIssue } from "./factories";

/** The webhook secret the tests sign with: set it as RESEND_WEBHOOK_SECRET before posting. */
export const WEBHOOK_SECRET = `whsec_${Buffer.from("resend-webhook-test-secret-32-bytes!").toString("base64")}`;

let webhookCount = 0;

/** Posts `event` to the webhook route, signed (or not, or badly) as the options say. */
export function postWebhook(event: object, options: { secret?: string; at?: Date; id?: string; omit?: string } = {}) {
  const body = JSON.stringify(event);
  const id = options.id ?? `msg_${++webhookCount}`;
  const at = options.at ?? new Date();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "svix-id": id,
    "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
    "svix-signature": new Webhook(options.secret ?? WEBHOOK_SECRET).sign(id, at, body),
  };
  if (options.omit) delete headers[options.omit];
  return POST(new Request("https://news.example.com/api/webhooks/resend", { method: "POST", headers, body }));
}

/** A Resend event about the message `emailId`. */
export const resendEvent = (type: string, emailId: string, data: object = {}) => ({ type, created_at: new Date().toISOString(), data: { email_id: emailId, to: ["x@y.example"], ...data } });

/**
 * Sends a real issue through the Resend transport, so deliveries carry Resend's ids; its deliveries, by
 * address, each with the one-click unsubscribe URL its email carried (List-Unsubscribe).
 */
export async function sendThroughResend(prisma: Database, recipients: number) {
  const server = await startFakeResend({ apiKey: "re_key" });
  const { issue } = await createSendableIssue(prisma, { recipients, address: (n) => `w${n}@hooks.example.com` });
  await startSend(prisma, { issueId: issue.id });
  const worker = createWorker({
    prisma,
    transport: createResendTransport({ apiKey: "re_key", baseUrl: server.url, limiter: createRateLimiter(0) }),
    appUrl: "https://news.example.com",
    // The app's own secret, so the links in the emails work at the app's routes.
    secret: signingSecret(),
  });
  while ((await worker.processNext()) === "worked");
  await server.close();
  const oneClickUrls = new Map(server.delivered.map((email) => [email.id, /<([^>]+)>/.exec(email.headers["List-Unsubscribe"] ?? "")?.[1] ?? ""]));
  const deliveries = await prisma.delivery.findMany({ where: { issueId: issue.id }, include: { subscriber: true }, orderBy: { subscriber: { email: "asc" } } });
  return deliveries.map((delivery) => ({ ...delivery, oneClickUrl: oneClickUrls.get(delivery.providerMessageId ?? "") ?? "" }));
}
