import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import { signingSecret } from "@/lib/auth/signing-secret";
import { signSubscriberToken, CONFIRM_TOKEN_LIFETIME_MS } from "@/lib/auth/subscriber-token";
import { confirmSubscription } from "@/lib/subscribers/confirm-subscription";
import { loadPreferences, updatePreferences } from "@/lib/subscribers/preferences";
import { requestSubscription, SUBSCRIBE_LIMITS } from "@/lib/subscribers/request-subscription";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createSubscriber } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

const secret = "subscribe-test-secret-0123456789abcdef";
const appUrl = "https://news.example.com";
let ipCounter = 0;
const context = () => ({ ip: `192.0.2.${++ipCounter % 250}`, appUrl, secret });

async function subscribe(email: string, extra: { name?: string; honeypot?: string; ip?: string } = {}) {
  const result = await requestSubscription(prisma, { email, name: extra.name, honeypot: extra.honeypot }, { ...context(), ...(extra.ip ? { ip: extra.ip } : {}) });
  if (result.outcome === "accepted") await result.followUp?.();
  return result.outcome;
}

const mailTo = (address: string) => prisma.outboxMessage.findMany({ where: { toAddress: address }, orderBy: { createdAt: "asc" } });
const linkIn = (text: string, path: string) => new URL(text.match(new RegExp(`${appUrl}${path}\\?token=[^\\s\\]]+`))![0]).searchParams.get("token")!;

describe("the public subscribe form", () => {
  it("answers the same for new, pending, active, unsubscribed, bounced and complained addresses", async () => {
    const publication = await createPublication(prisma);
    for (const status of ["pending", "active", "unsubscribed", "bounced", "complained"] as const) {
      await createSubscriber(prisma, { publicationId: publication.id, email: `${status}@mail.example.com`, status });
    }
    const outcomes = await Promise.all(["new", "pending", "active", "unsubscribed", "bounced", "complained"].map(async (who) => {
      const result = await requestSubscription(prisma, { email: `${who}@mail.example.com` }, context());
      // What a caller sees: the outcome and nothing else.
      return JSON.stringify({ ...result, followUp: typeof (result as { followUp?: unknown }).followUp });
    }));
    expect(new Set(outcomes).size).toBe(1);
  });

  it("double opt-in: new, pending and unsubscribed addresses get a confirmation link; active and suppressed ones get nothing and stay as they are", async () => {
    const publication = await createPublication(prisma, { name: "Grid Notes" });
    await createSubscriber(prisma, { publicationId: publication.id, email: "active@mail.example.com", status: "active" });
    await createSubscriber(prisma, { publicationId: publication.id, email: "left@mail.example.com", status: "unsubscribed" });
    await createSubscriber(prisma, { publicationId: publication.id, email: "bounced@mail.example.com", status: "bounced" });
    await createSubscriber(prisma, { publicationId: publication.id, email: "spam@mail.example.com", status: "complained" });

    expect(await subscribe("New@Mail.example.com", { name: "Ada" })).toBe("accepted");
    expect(await prisma.subscriber.findFirstOrThrow({ where: { email: "New@Mail.example.com" } })).toMatchObject({ status: "pending", name: "Ada", source: "form" });
    const [mail] = await mailTo("New@Mail.example.com");
    expect(mail).toMatchObject({ subject: "Confirm your subscription to Grid Notes" });
    expect(linkIn(mail!.text, "/confirm")).toBeTruthy();

    await subscribe("left@mail.example.com");
    expect((await prisma.subscriber.findFirstOrThrow({ where: { email: "left@mail.example.com" } })).status).toBe("pending");
    expect(await mailTo("left@mail.example.com")).toHaveLength(1);

    for (const [email, status] of [["active@mail.example.com", "active"], ["bounced@mail.example.com", "bounced"], ["spam@mail.example.com", "complained"]] as const) {
      await subscribe(email);
      expect(await mailTo(email), email).toHaveLength(0);
      expect((await prisma.subscriber.findFirstOrThrow({ where: { email } })).status, email).toBe(status);
    }
  });

  it("sends at most one confirmation email per address every 10 minutes", async () => {
    await createPublication(prisma);
    for (let i = 0; i < 3; i++) await subscribe("eager@mail.example.com");
    expect(await mailTo("eager@mail.example.com")).toHaveLength(1);
    expect(SUBSCRIBE_LIMITS.confirmationEmail).toEqual({ limit: 1, windowMs: 600_000 });
  });

  it("takes the honeypot's word: a bot gets the usual answer and nothing is stored or sent", async () => {
    await createPublication(prisma);
    expect(await subscribe("bot@mail.example.com", { honeypot: "https://spam.example" })).toBe("accepted");
    expect(await prisma.subscriber.count()).toBe(0);
    expect(await prisma.outboxMessage.count()).toBe(0);
  });

  it("refuses a malformed address with a reason", async () => {
    await createPublication(prisma);
    expect(await requestSubscription(prisma, { email: "not an address" }, context())).toEqual({ outcome: "invalid", fieldErrors: { email: "must be an email address such as you@example.com" } });
    expect(await requestSubscription(prisma, { email: ["x@example.com"] }, context())).toMatchObject({ outcome: "invalid" });
  });

  it("limits requests per IP and per address", async () => {
    await createPublication(prisma);
    const ip = "198.51.100.20";
    const outcomes = [];
    for (let i = 0; i <= SUBSCRIBE_LIMITS.perIp.limit; i++) outcomes.push(await subscribe(`person${i}@mail.example.com`, { ip }));
    expect(outcomes.slice(0, -1).every((outcome) => outcome === "accepted")).toBe(true);
    expect(outcomes.at(-1)).toBe("rate-limited");
    const perEmail = [];
    for (let i = 0; i <= SUBSCRIBE_LIMITS.perEmail.limit; i++) perEmail.push(await subscribe("same@mail.example.com"));
    expect(perEmail.at(-1)).toBe("rate-limited");
  });
});

describe("confirming", () => {
  it("activates on the POST, sends the welcome once, and refuses forged, expired and wrong-purpose tokens", async () => {
    const publication = await createPublication(prisma, { name: "Grid Notes" });
    await subscribe("ada@mail.example.com");
    const [mail] = await mailTo("ada@mail.example.com");
    const token = linkIn(mail!.text, "/confirm");
    const subscriber = await prisma.subscriber.findFirstOrThrow({ where: { email: "ada@mail.example.com" } });

    // Opening the link (the GET page) confirms nothing.
    const { default: ConfirmPage } = await import("@/app/(site)/confirm/page");
    await ConfirmPage({ searchParams: Promise.resolve({ token }) });
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).status).toBe("pending");

    expect(await confirmSubscription(prisma, { token: `${token}x`, appUrl, secret })).toEqual({ ok: false, reason: "invalid-link" });
    const unsubscribeToken = signSubscriberToken({ subscriberId: subscriber.id, purpose: "unsubscribe", secret });
    expect(await confirmSubscription(prisma, { token: unsubscribeToken, appUrl, secret })).toEqual({ ok: false, reason: "invalid-link" });
    const old = signSubscriberToken({ subscriberId: subscriber.id, purpose: "confirm", secret, now: Date.now() - CONFIRM_TOKEN_LIFETIME_MS - 1000 });
    expect(await confirmSubscription(prisma, { token: old, appUrl, secret })).toEqual({ ok: false, reason: "invalid-link" });
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).status).toBe("pending");

    expect(await confirmSubscription(prisma, { token, appUrl, secret })).toEqual({ ok: true, publicationName: publication.name, welcomed: true });
    expect(await confirmSubscription(prisma, { token, appUrl, secret })).toEqual({ ok: true, publicationName: publication.name, welcomed: false });
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).status).toBe("active");
    const welcome = (await mailTo("ada@mail.example.com")).filter((m) => m.subject === "Welcome to Grid Notes");
    expect(welcome).toHaveLength(1);
    expect(welcome[0]!.text).toContain(`${appUrl}/preferences?token=`);
  });

  it("the link's page says a missing, cut or altered link is incomplete or invalid, and only a genuine old one has expired", async () => {
    const publication = await createPublication(prisma);
    const subscriber = await createSubscriber(prisma, { publicationId: publication.id, status: "pending" });
    const { default: ConfirmPage } = await import("@/app/(site)/confirm/page");
    const heading = async (token?: string) => {
      const html = renderToStaticMarkup(await ConfirmPage({ searchParams: Promise.resolve(token === undefined ? {} : { token }) }));
      return html.match(/<h1[^>]*>([^<]*)<\/h1>/)?.[1];
    };
    const sign = (purpose: "confirm" | "unsubscribe", now?: number) => signSubscriberToken({ subscriberId: subscriber.id, purpose, secret: signingSecret(), now });
    const token = sign("confirm");
    expect(await heading(token)).toBe("Confirm your subscription");
    for (const broken of [undefined, "", "garbage", token.slice(0, -3), token.split(".")[0], `${token}x`, sign("unsubscribe")]) {
      expect(await heading(broken), String(broken)).toBe("This link is incomplete or invalid");
    }
    expect(await heading(sign("confirm", Date.now() - CONFIRM_TOKEN_LIFETIME_MS - 1000))).toBe("This link has expired");
    // A genuine link for nobody reads the same as a subscriber's: the page does not look the address up.
    expect(await heading(signSubscriberToken({ subscriberId: "no-such-subscriber", purpose: "confirm", secret: signingSecret() }))).toBe("Confirm your subscription");
  });

  it("never reactivates a suppressed address, even with a valid confirmation link", async () => {
    const publication = await createPublication(prisma);
    const subscriber = await createSubscriber(prisma, { publicationId: publication.id, status: "bounced" });
    const token = signSubscriberToken({ subscriberId: subscriber.id, purpose: "confirm", secret });
    await confirmSubscription(prisma, { token, appUrl, secret });
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).status).toBe("bounced");
  });
});

describe("the preference center", () => {
  it("shows the subscriber its link names, renames, leaves and comes back; a suppressed address stays suppressed", async () => {
    const publication = await createPublication(prisma);
    const subscriber = await createSubscriber(prisma, { publicationId: publication.id, status: "active", name: "Ada" });
    const token = signSubscriberToken({ subscriberId: subscriber.id, purpose: "preferences", secret });
    expect(await loadPreferences(prisma, { token, secret })).toMatchObject({ email: subscriber.email, status: "active" });
    expect(await loadPreferences(prisma, { token: token.slice(0, -2), secret })).toBeNull();
    expect(await loadPreferences(prisma, { token: signSubscriberToken({ subscriberId: subscriber.id, purpose: "unsubscribe", secret }), secret })).toBeNull();

    expect(await updatePreferences(prisma, { token, secret, input: { action: "save", name: "Ada L." } })).toEqual({ ok: true, status: "active" });
    expect(await updatePreferences(prisma, { token, secret, input: { action: "unsubscribe" } })).toEqual({ ok: true, status: "unsubscribed" });
    expect(await updatePreferences(prisma, { token, secret, input: { action: "resubscribe" } })).toEqual({ ok: true, status: "active" });
    expect(await updatePreferences(prisma, { token, secret, input: { action: "delete-everyone" } })).toMatchObject({ ok: false, reason: "invalid" });
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).toMatchObject({ name: "Ada L.", status: "active" });

    await prisma.subscriber.update({ where: { id: subscriber.id }, data: { status: "complained" } });
    expect(await updatePreferences(prisma, { token, secret, input: { action: "resubscribe" } })).toEqual({ ok: false, reason: "suppressed" });
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).status).toBe("complained");
  });
});
