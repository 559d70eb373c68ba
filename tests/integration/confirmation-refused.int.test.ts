import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { requestSubscription } from "@/lib/subscribers/request-subscription";
import { sendConfirmationEmails } from "@/lib/subscribers/send-confirmation-email";
import { startFakeResend } from "../helpers/fake-resend";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createSubscriber } from "../helpers/factories";

/**
 * A confirmation email the provider refuses does not use up the address's
 * one-per-10-minutes window: the next request sends it. System mail goes
 * through the configured transport (here Resend, to the local server).
 */
const API_KEY = "re_confirmation_test";
const secret = "confirmation-test-secret-0123456789abcdef";
const appUrl = "https://news.example.com";
const prisma = testDb();
let refuse = false;
let server: Awaited<ReturnType<typeof startFakeResend>>;
const saved = { key: process.env.RESEND_API_KEY, url: process.env.RESEND_BASE_URL, limit: process.env.SEND_RATE_LIMIT };

beforeAll(async () => {
  server = await startFakeResend({ apiKey: API_KEY, fault: () => (refuse ? { kind: "422" } : null) });
  // Read once, on first use (lib/config.ts): set before anything here sends.
  Object.assign(process.env, { RESEND_API_KEY: API_KEY, RESEND_BASE_URL: server.url, SEND_RATE_LIMIT: "0" });
});
afterAll(async () => {
  await server.close();
  for (const [name, value] of [["RESEND_API_KEY", saved.key], ["RESEND_BASE_URL", saved.url], ["SEND_RATE_LIMIT", saved.limit]] as const) {
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
