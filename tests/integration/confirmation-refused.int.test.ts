import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signSubscriberToken } from "@/lib/auth/subscriber-token";
import { confirmSubscription } from "@/lib/subscribers/confirm-subscription";
import { requestSubscription } from "@/lib/subscribers/request-subscription";
import { sendConfirmationEmails } from "@/lib/subscribers/send-confirmation-email";
import { startFakeResend } from "../helpers/fake-resend";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createSubscriber } from "../helpers/factories";
import { postWebhook, resendEvent, WEBHOOK_SECRET } from "../helpers/resend-webhooks";

/**
 * A confirmation email the provider refuses does not use up the address's
 * one-per-10-minutes window: the next request sends it; and a bounce or a
 * spam report about a confirmation or welcome email suppresses its reader.
 * System mail goes through the configured transport (here Resend, to the
 * local server).
 */
const API_KEY = "re_confirmation_test";
const secret = "confirmation-test-secret-0123456789abcdef";
const appUrl = "https://news.example.com";
const prisma = testDb();
let refuse = false;
let server: Awaited<ReturnType<typeof startFakeResend>>;
const saved = { key: process.env.RESEND_API_KEY, url: process.env.RESEND_BASE_URL, limit: process.env.SEND_RATE_LIMIT, webhook: process.env.RESEND_WEBHOOK_SECRET };

beforeAll(async () => {
  server = await startFakeResend({ apiKey: API_KEY, fault: () => (refuse ? { kind: "422" } : null) });
  // Read once, on first use (lib/config.ts): set before anything here sends.
  Object.assign(process.env, { RESEND_API_KEY: API_KEY, RESEND_BASE_URL: server.url, SEND_RATE_LIMIT: "0", RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET });
});
afterAll(async () => {
  await server.close();
  for (const [name, value] of [["RESEND_API_KEY", saved.key], ["RESEND_BASE_URL", saved.url], ["SEND_RATE_LIMIT", saved.limit], ["RESEND_WEBHOOK_SECRET", saved.webhook]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
beforeEach(async () => {
  await resetDatabase();
  refuse = false;
});

async function subscribe(email: string) {
  const result = await requestSubscription(prisma, { email }, { ip: "192.0.2.77", appUrl, secret });
  expect(result.outcome).toBe("accepted");
  if (result.outcome === "accepted") await result.followUp?.();
}

const deliveredTo = (email: string) => server.delivered.filter((mail) => mail.to === email).length;

describe("a refused confirmation email", () => {
  it("from the form: the next request within the window sends it, and a sent one still holds the window", async () => {
    await createPublication(prisma);
    refuse = true;
    await subscribe("refused@mail.example.com");
    expect(server.requests.at(-1)?.status).toBe(422);
    expect(deliveredTo("refused@mail.example.com")).toBe(0);

    refuse = false;
    await subscribe("refused@mail.example.com");
    expect(deliveredTo("refused@mail.example.com")).toBe(1);
    // Sent now: asking again within 10 minutes sends nothing more.
    await subscribe("refused@mail.example.com");
    expect(deliveredTo("refused@mail.example.com")).toBe(1);
  });

  it("from an import: only the refused addresses get their window back", async () => {
    const publication = await createPublication(prisma);
    const [first, second] = await Promise.all(["one@mail.example.com", "two@mail.example.com"].map((email) => createSubscriber(prisma, { publicationId: publication.id, email, status: "pending" })));
    refuse = true;
    expect(await sendConfirmationEmails(prisma, publication, [first!], { appUrl, secret })).toBe(0);
    refuse = false;
    expect(await sendConfirmationEmails(prisma, publication, [second!], { appUrl, secret })).toBe(1);
    // The refused one may be mailed again at once; the sent one waits out its window.
    expect(await sendConfirmationEmails(prisma, publication, [first!, second!], { appUrl, secret })).toBe(1);
    expect(deliveredTo("one@mail.example.com")).toBe(1);
    expect(deliveredTo("two@mail.example.com")).toBe(1);
  });
});

describe("bounces and spam reports about confirmation and welcome emails", () => {
  const sentTo = (email: string) => server.delivered.filter((mail) => mail.to === email);

  it("suppress the reader, as they would about an issue: the emails carry the reader in their tags", async () => {
    await createPublication(prisma);
    await subscribe("gone@mail.example.com");
    await subscribe("annoyed@mail.example.com");
    await subscribe("full@mail.example.com");
    const gone = await prisma.subscriber.findFirstOrThrow({ where: { email: "gone@mail.example.com" } });
    const [confirmation] = sentTo("gone@mail.example.com");
    expect(confirmation!.tags).toEqual({ category: "system", subscriber: gone.id });

    // The confirmation bounces for good: the address is suppressed, so the form mails it nothing more.
    const bounce = resendEvent("email.bounced", confirmation!.id, { bounce: { type: "Permanent" }, tags: confirmation!.tags });
    expect(await (await postWebhook(bounce)).json()).toEqual({ received: true, outcome: "recorded" });
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: gone.id } })).status).toBe("bounced");

    // A reader confirms, then reports the welcome as spam: complained, so the next issue skips them.
    const annoyed = await prisma.subscriber.findFirstOrThrow({ where: { email: "annoyed@mail.example.com" } });
    const token = signSubscriberToken({ subscriberId: annoyed.id, purpose: "confirm", secret });
    const confirmed = await confirmSubscription(prisma, { token, appUrl, secret });
    if (!confirmed.ok || !confirmed.welcome) throw new Error("not confirmed");
    await confirmed.welcome();
    const welcome = sentTo("annoyed@mail.example.com").find((mail) => mail.subject.startsWith("Welcome"))!;
    expect(welcome.tags).toEqual({ category: "system", subscriber: annoyed.id });
    expect(await (await postWebhook(resendEvent("email.complained", welcome.id, { tags: [{ name: "category", value: "system" }, { name: "subscriber", value: annoyed.id }] }))).json()).toEqual({ received: true, outcome: "recorded" });
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: annoyed.id } })).status).toBe("complained");

    // A soft bounce, a delivery, and a tag that is not system mail's change nobody.
    const full = await prisma.subscriber.findFirstOrThrow({ where: { email: "full@mail.example.com" } });
    const [fullMail] = sentTo("full@mail.example.com");
    for (const event of [
      resendEvent("email.bounced", fullMail!.id, { bounce: { type: "Transient" }, tags: fullMail!.tags }),
      resendEvent("email.delivered", fullMail!.id, { tags: fullMail!.tags }),
      resendEvent("email.complained", "elsewhere", { tags: { subscriber: full.id } }),
    ]) {
      expect(await (await postWebhook(event)).json()).toEqual({ received: true, outcome: "unknown-message" });
    }
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: full.id } })).status).toBe("pending");
  });
});
