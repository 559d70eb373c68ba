import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { subscribeAction } from "@/app/(site)/subscribe/actions";
import { POST as subscribePost } from "@/app/api/subscribe/route";
import { signingSecret } from "@/lib/auth/signing-secret";
import { signSubscriberToken, CONFIRM_TOKEN_LIFETIME_MS, verifySubscriberToken } from "@/lib/auth/subscriber-token";
import { confirmSubscription } from "@/lib/subscribers/confirm-subscription";
import { loadPreferences, updatePreferences } from "@/lib/subscribers/preferences";
import { requestSubscription, SUBSCRIBE_LIMITS } from "@/lib/subscribers/request-subscription";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createSubscriber } from "../helpers/factories";

// The route hands the email to next/server's after(), which needs Next's request scope: here it is kept to run by hand.
const afterResponse = vi.hoisted(() => [] as (() => Promise<void>)[]);
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/server")>()), after: (task: () => Promise<void>) => void afterResponse.push(task) }));
// The site form's server action reads the caller's address from the request's headers, which only Next has.
vi.mock("next/headers", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/headers")>()), headers: async () => new Headers({ "x-forwarded-for": "203.0.113.9" }) }));

const prisma = testDb();
beforeEach(resetDatabase);
beforeEach(() => void afterResponse.splice(0));

const secret = "subscribe-test-secret-0123456789abcdef";
const appUrl = "https://news.example.com";
let ipCounter = 0;
const context = () => ({ ip: `192.0.2.${++ipCounter % 250}`, appUrl, secret });

async function subscribe(email: string, extra: { name?: string; honeypot?: string; ip?: string } = {}) {
  const result = await requestSubscription(prisma, { email, name: extra.name, honeypot: extra.honeypot }, { ...context(), ...(extra.ip ? { ip: extra.ip } : {}) });
  if (result.outcome === "accepted") await result.followUp?.();
  return result.outcome;
}

/**
 * The test database, but its subscriber.create replaced, and with `hideExisting` findFirst finding no
 * existing row on the first call (as when another request inserts the address between the look-up and the insert).
 */
function withSubscriberCreate(create: (args: unknown) => Promise<unknown>, { hideExisting = false } = {}): typeof prisma {
  let hidden = !hideExisting;
  const subscriber = new Proxy(prisma.subscriber, {
    get(target, key) {
      if (key === "create") return create;
      if (key === "findFirst" && !hidden) return () => ((hidden = true), Promise.resolve(null));
      const value = Reflect.get(target, key) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return new Proxy(prisma, {
    get(target, key) {
      if (key === "subscriber") return subscriber;
      const value = Reflect.get(target, key) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Pressing Confirm as the page offers it: its name field filled in with the name the link carries (see the page's own test). */
async function confirmAsOffered(token: string) {
  const link = verifySubscriberToken(token, { purpose: "confirm", secret });
  return confirmSubscription(prisma, { token, name: link.ok ? (link.name ?? "") : "", appUrl, secret });
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
    // The name rides in the link, stored when it is confirmed: whoever typed the address may not be its owner.
    expect(await prisma.subscriber.findFirstOrThrow({ where: { email: "New@Mail.example.com" } })).toMatchObject({ status: "pending", name: null, source: "form" });
    const [mail] = await mailTo("New@Mail.example.com");
    expect(mail).toMatchObject({ subject: "Confirm your subscription to Grid Notes" });
    expect(linkIn(mail!.text, "/confirm")).toBeTruthy();

    // An unsubscribed reader gets a link, and stays unsubscribed until they press Confirm.
    await subscribe("left@mail.example.com");
    expect((await prisma.subscriber.findFirstOrThrow({ where: { email: "left@mail.example.com" } })).status).toBe("unsubscribed");
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

describe("the public subscribe form: what it may not touch", () => {
  it("never revives an erased row by its placeholder address, and mails nothing for it", async () => {
    const publication = await createPublication(prisma);
    const gone = await createSubscriber(prisma, { publicationId: publication.id, email: "gone@mail.example.com", status: "unsubscribed" });
    const placeholder = `erased-${gone.id}@erased.invalid`;
    await prisma.subscriber.update({ where: { id: gone.id }, data: { email: placeholder, name: null, source: "erased" } });
    // The same answer as for anyone, and the row stays an anonymous count.
    expect(await subscribe(placeholder, { name: "Mallory" })).toBe("accepted");
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: gone.id } })).toMatchObject({ status: "unsubscribed", name: null, source: "erased" });
    expect(await mailTo(placeholder)).toHaveLength(0);
    expect(await prisma.subscriber.count()).toBe(1);
  });

  it("leaves an existing subscriber's name as it is: whoever typed the address may not be its owner", async () => {
    const publication = await createPublication(prisma);
    for (const status of ["pending", "unsubscribed", "active"] as const) {
      const email = `${status}-named@mail.example.com`;
      await createSubscriber(prisma, { publicationId: publication.id, email, status, name: "Ada" });
      expect(await subscribe(email, { name: "Someone else" })).toBe("accepted");
      expect((await prisma.subscriber.findFirstOrThrow({ where: { email } })).name, status).toBe("Ada");
    }
    // A new address takes the name typed with it once the link mailed for that request is confirmed.
    await subscribe("fresh@mail.example.com", { name: "Grace" });
    expect((await prisma.subscriber.findFirstOrThrow({ where: { email: "fresh@mail.example.com" } })).name).toBe(null);
    const [mail] = await mailTo("fresh@mail.example.com");
    expect(await confirmAsOffered(linkIn(mail!.text, "/confirm"))).toMatchObject({ ok: true, outcome: "subscribed" });
    expect(await prisma.subscriber.findFirstOrThrow({ where: { email: "fresh@mail.example.com" } })).toMatchObject({ status: "active", name: "Grace" });
  });

  it("names its owner as they typed it, not as whoever typed the address first", async () => {
    await createPublication(prisma);
    // A stranger signs Ada up first, with words of their own for her greeting; the window lets Ada's own request mail her too.
    await subscribe("ada@mail.example.com", { name: "friend" });
    await prisma.rateLimitBucket.deleteMany();
    await subscribe("ada@mail.example.com", { name: "Ada Lovelace" });
    const [, own] = await mailTo("ada@mail.example.com");
    expect(await confirmAsOffered(linkIn(own!.text, "/confirm"))).toMatchObject({ ok: true, outcome: "subscribed" });
    expect(await prisma.subscriber.findFirstOrThrow({ where: { email: "ada@mail.example.com" } })).toMatchObject({ status: "active", name: "Ada Lovelace" });
  });

  it("refuses a name of more than one line, or one with a web address, with the name's own reason, and stores nothing", async () => {
    await createPublication(prisma);
    const refusals: [string, string][] = [
      ["friend.\n\nYour subscription lapses today", "must be one line of text"],
      ["Ada\u2028Lovelace", "must be one line of text"],
      ["renew at https://renew.example/pay", "must be a name, not a web address"],
      ["see www.renew.example", "must be a name, not a web address"],
      ["renew.com/pay", "must be a name, not a web address"],
      ["Visit renew-now.com", "must be a name, not a web address"],
      ["paypal.com.verify-account.info", "must be a name, not a web address"],
      ["go to evil.click", "must be a name, not a web address"],
    ];
    for (const [name, reason] of refusals) {
      const result = await requestSubscription(prisma, { email: "named@mail.example.com", name }, context());
      expect(result, JSON.stringify(name)).toEqual({ outcome: "invalid", fieldErrors: { name: expect.stringContaining(reason) as string } });
    }
    expect(await prisma.subscriber.count()).toBe(0);
    // Names people have pass: accents, apostrophes, initials, other scripts.
    for (const [n, name] of ["Zoë O'Brien-Smith", "J. R. R. Tolkien", "J.Smith", "St.John Rivers", "A.B. Smith", "李小龙", "Dr. Ada K. Lovelace, PhD", "Ph.D. Jones", "Ada\u000bLovelace"].entries()) {
      // An address each: one address may ask only so often an hour.
      expect((await requestSubscription(prisma, { email: `named${n}@mail.example.com`, name }, context())).outcome, name).toBe("accepted");
    }
  });

  it("never undoes an unsubscribe for a stranger's request: the reader stays unsubscribed (so an import with consent leaves them so) until they confirm", async () => {
    const publication = await createPublication(prisma);
    const ada = await createSubscriber(prisma, { publicationId: publication.id, email: "ada@mail.example.com", status: "unsubscribed", name: "Ada" });
    await subscribe("ada@mail.example.com", { name: "Someone" });
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({ status: "unsubscribed", name: "Ada" });
    expect(await prisma.subscriberStatusChange.count({ where: { subscriberId: ada.id, fromStatus: { not: null } } })).toBe(0);
    expect(await mailTo("ada@mail.example.com")).toHaveLength(1);
  });

  it("lets a failed sign-up fail loudly: only the race on the address is taken as someone else's success", async () => {
    const publication = await createPublication(prisma);
    // The database refuses the insert for a reason that is not the unique address (here: a lost connection).
    const failing = withSubscriberCreate(() => Promise.reject(new Error("connection lost")));
    const result = await requestSubscription(failing, { email: "lost@mail.example.com" }, context());
    expect(result.outcome).toBe("accepted");
    await expect((result as { followUp: () => Promise<void> }).followUp()).rejects.toThrow("connection lost");
    // The race itself (the unique index refusing a second row) is not an error: the row that won gets the email.
    await createSubscriber(prisma, { publicationId: publication.id, email: "raced@mail.example.com", status: "pending" });
    const racing = withSubscriberCreate((args) => prisma.subscriber.create(args as Parameters<typeof prisma.subscriber.create>[0]), { hideExisting: true });
    const raced = await requestSubscription(racing, { email: "raced@mail.example.com" }, context());
    await (raced as { followUp: () => Promise<void> }).followUp();
    expect(await mailTo("raced@mail.example.com")).toHaveLength(1);
  });

  it("refuses a name holding a NUL or half an emoji with the name's own reason, and stores nothing", async () => {
    await createPublication(prisma);
    for (const name of ["Ada\u0000", "Ada \uD83D"]) {
      expect(await requestSubscription(prisma, { email: "nul@mail.example.com", name }, context())).toEqual({
        outcome: "invalid",
        fieldErrors: { name: "contains a character that cannot be saved (a null character or half of an emoji)" },
      });
    }
    // A whole emoji is a name like any other.
    expect(await subscribe("emoji@mail.example.com", { name: "Ada 🌊" })).toBe("accepted");
    const [mail] = await mailTo("emoji@mail.example.com");
    await confirmAsOffered(linkIn(mail!.text, "/confirm"));
    expect((await prisma.subscriber.findFirstOrThrow({ where: { email: "emoji@mail.example.com" } })).name).toBe("Ada 🌊");
    expect(await prisma.subscriber.count({ where: { email: "nul@mail.example.com" } })).toBe(0);
  });
});

describe("POST /api/subscribe", () => {
  const post = (body: BodyInit, headers: Record<string, string>) =>
    subscribePost(new Request("https://news.example.com/api/subscribe", { method: "POST", body, headers: { "x-forwarded-for": `198.51.100.${++ipCounter % 250}`, ...headers } }));
  const json = { "content-type": "application/json", accept: "application/json" };

  it("reads JSON, urlencoded and multipart forms, and sends each on to the confirmation email", async () => {
    await createPublication(prisma);
    expect((await post(JSON.stringify({ email: "json@mail.example.com", name: "Jo" }), json)).status).toBe(200);
    const urlencoded = await post(new URLSearchParams({ email: "form@mail.example.com" }).toString(), { "content-type": "application/x-www-form-urlencoded" });
    expect(urlencoded.status).toBe(303);
    expect(urlencoded.headers.get("location")).toMatch(/\/subscribe\?sent=1$/);
    const multipart = new FormData();
    multipart.set("email", "multi@mail.example.com");
    expect((await post(multipart, { accept: "application/json" })).status).toBe(200);
    for (const task of afterResponse) await task();
    for (const email of ["json@mail.example.com", "form@mail.example.com", "multi@mail.example.com"]) expect(await mailTo(email), email).toHaveLength(1);
  });

  it("refuses a body over 16 KiB with 413, declared or not, before reading it as a form", async () => {
    await createPublication(prisma);
    const big = JSON.stringify({ email: "big@mail.example.com", name: "x".repeat(16 * 1024) });
    const declared = await post(big, { ...json, "content-length": String(Buffer.byteLength(big)) });
    expect(declared.status).toBe(413);
    // A chunked body declares no length: it is dropped once it passes the limit.
    const streamed = new ReadableStream<Uint8Array>({ start: (controller) => (controller.enqueue(new TextEncoder().encode(big)), controller.close()) });
    const chunked = await subscribePost(new Request("https://news.example.com/api/subscribe", { method: "POST", body: streamed, headers: json, duplex: "half" } as RequestInit));
    expect(chunked.status).toBe(413);
    expect(await prisma.subscriber.count()).toBe(0);
  });

  it("answers 400, not 500, to JSON that is not an object, like broken JSON", async () => {
    await createPublication(prisma);
    for (const body of ["null", "[]", "42", '"you@example.com"', "true", "{broken"]) {
      const response = await post(body, json);
      expect(response.status, body).toBe(400);
      expect(await response.json(), body).toEqual({ ok: false, error: "Send a form (email, optional name) or JSON." });
    }
  });

  it("names the field at fault: a name too long is not a bad address", async () => {
    await createPublication(prisma);
    const response = await post(JSON.stringify({ email: "long@mail.example.com", name: "x".repeat(101) }), json);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, error: "name must be at most 100 characters" });
    expect(await (await post(JSON.stringify({ email: "nope" }), json)).json()).toEqual({ ok: false, error: "email must be an email address such as you@example.com" });
    // A browser lands on the page, which says which field.
    const browser = await post(new URLSearchParams({ email: "long@mail.example.com", name: "x".repeat(101) }).toString(), { "content-type": "application/x-www-form-urlencoded" });
    expect(browser.headers.get("location")).toMatch(/\/subscribe\?error=name$/);
    // The site's own form says it too.
    const form = new FormData();
    form.set("email", "long@mail.example.com");
    form.set("name", "x".repeat(101));
    expect(await subscribeAction({ status: "idle" }, form)).toEqual({ status: "invalid", message: "Name must be at most 100 characters", email: "long@mail.example.com" });
    const { default: SubscribePage } = await import("@/app/(site)/subscribe/page");
    const page = renderToStaticMarkup(await SubscribePage({ searchParams: Promise.resolve({ error: "name" }) }));
    expect(page).toContain("That name cannot be used: keep it to 100 characters of ordinary text.");
    expect(page).not.toContain("email address does not look right");
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

    const first = await confirmSubscription(prisma, { token, appUrl, secret });
    expect(first).toEqual({ ok: true, publicationName: publication.name, outcome: "subscribed", welcome: expect.any(Function) as unknown });
    // The welcome is sent after the answer (the page hands it to after()), not while the reader waits.
    expect((await mailTo("ada@mail.example.com")).filter((m) => m.subject === "Welcome to Grid Notes")).toHaveLength(0);
    if (first.ok) await first.welcome?.();
    expect(await confirmSubscription(prisma, { token, appUrl, secret })).toEqual({ ok: true, publicationName: publication.name, outcome: "already-subscribed" });
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

  it("never activates an erased row, whatever its status, nor mails its placeholder address", async () => {
    const publication = await createPublication(prisma);
    const subscriber = await createSubscriber(prisma, { publicationId: publication.id, status: "pending" });
    const token = signSubscriberToken({ subscriberId: subscriber.id, purpose: "confirm", secret });
    // As the public form could leave one before it skipped erased rows: pending again, still erased.
    await prisma.subscriber.update({ where: { id: subscriber.id }, data: { email: `erased-${subscriber.id}@erased.invalid`, name: null, source: "erased" } });
    expect(await confirmSubscription(prisma, { token, appUrl, secret })).toEqual({ ok: false, reason: "invalid-link" });
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).status).toBe("pending");
    expect(await prisma.outboxMessage.count()).toBe(0);
  });

  it("never reactivates a suppressed address, even with a valid confirmation link", async () => {
    const publication = await createPublication(prisma);
    const subscriber = await createSubscriber(prisma, { publicationId: publication.id, status: "bounced" });
    const token = signSubscriberToken({ subscriberId: subscriber.id, purpose: "confirm", secret });
    expect(await confirmSubscription(prisma, { token, appUrl, secret })).toMatchObject({ ok: true, outcome: "suppressed" });
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).status).toBe("bounced");
    expect(await prisma.outboxMessage.count()).toBe(0);
  });

  it("brings back an unsubscribed reader who confirms a link mailed after they left, but not with one mailed before", async () => {
    const publication = await createPublication(prisma);
    const ada = await createSubscriber(prisma, { publicationId: publication.id, email: "ada@mail.example.com", status: "active", name: "Ada" });
    const before = signSubscriberToken({ subscriberId: ada.id, purpose: "confirm", secret, now: Date.now() - 60_000 });
    await prisma.subscriber.update({ where: { id: ada.id }, data: { status: "unsubscribed" } });
    expect(await confirmSubscription(prisma, { token: before, appUrl, secret })).toMatchObject({ ok: true, outcome: "link-before-unsubscribe" });
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: ada.id } })).status).toBe("unsubscribed");

    await subscribe("ada@mail.example.com", { name: "Ada L." });
    const [mail] = await mailTo("ada@mail.example.com");
    const confirmed = await confirmAsOffered(linkIn(mail!.text, "/confirm"));
    expect(confirmed).toMatchObject({ ok: true, outcome: "subscribed" });
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({ status: "active", name: "Ada L." });

    // An import may date an unsubscribed arrival up to a day ahead: a link made now is still newer than "now".
    const imported = await prisma.subscriber.create({
      data: { publicationId: publication.id, email: "later@mail.example.com", status: "unsubscribed", source: "import", createdAt: new Date(Date.now() + 12 * 3_600_000) },
    });
    const fresh = signSubscriberToken({ subscriberId: imported.id, purpose: "confirm", secret });
    expect(await confirmSubscription(prisma, { token: fresh, appUrl, secret })).toMatchObject({ ok: true, outcome: "subscribed" });
  });

  it("shows the name the link carries in a field the owner may change or clear before it greets them; a bad one changes nothing", async () => {
    await createPublication(prisma);
    // A stranger typed the address, with a name of their choosing.
    await subscribe("ada@mail.example.com", { name: "Your friend Mallory" });
    const [mail] = await mailTo("ada@mail.example.com");
    const token = linkIn(mail!.text, "/confirm");
    const ada = await prisma.subscriber.findFirstOrThrow({ where: { email: "ada@mail.example.com" } });

    // The page offers the name from the link, in a field (rendered with the app's own secret, as the server would).
    const { default: ConfirmPage } = await import("@/app/(site)/confirm/page");
    const pageToken = signSubscriberToken({ subscriberId: ada.id, purpose: "confirm", secret: signingSecret(), name: "Your friend Mallory" });
    const html = renderToStaticMarkup(await ConfirmPage({ searchParams: Promise.resolve({ token: pageToken }) }));
    expect(html).toMatch(/<input id="confirm-name"[^>]* name="name" value="Your friend Mallory"\/>/);

    const refused = await confirmSubscription(prisma, { token, name: "see renew-now.com", appUrl, secret });
    expect(refused).toEqual({ ok: false, reason: "invalid-name", message: "Your name must be a name, not a web address." });
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({ status: "pending", name: null });

    // Cleared: subscribed, and named nothing (the greeting's fallback), not the stranger's words.
    expect(await confirmSubscription(prisma, { token, name: "  ", appUrl, secret })).toMatchObject({ ok: true, outcome: "subscribed" });
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({ status: "active", name: null });
  });

  it("a returning reader who empties the name the link offered has no name; one whose link offered none keeps theirs", async () => {
    const publication = await createPublication(prisma);
    const alice = await createSubscriber(prisma, { publicationId: publication.id, email: "alice@mail.example.com", status: "unsubscribed", name: "Alice" });
    const bob = await createSubscriber(prisma, { publicationId: publication.id, email: "bob@mail.example.com", status: "unsubscribed", name: "Bob" });
    const later = Date.now() + 2_000;
    const offered = signSubscriberToken({ subscriberId: alice.id, purpose: "confirm", secret, name: "Alicia", now: later });
    const none = signSubscriberToken({ subscriberId: bob.id, purpose: "confirm", secret, now: later });
    expect(await confirmSubscription(prisma, { token: offered, name: "", appUrl, secret, now: new Date(later) })).toMatchObject({ ok: true, outcome: "subscribed" });
    expect(await confirmSubscription(prisma, { token: none, name: "", appUrl, secret, now: new Date(later) })).toMatchObject({ ok: true, outcome: "subscribed" });
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: alice.id } })).toMatchObject({ status: "active", name: null });
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: bob.id } })).toMatchObject({ status: "active", name: "Bob" });
  });

  it("mails a new link at once to a reader who confirmed, left and asks again within the 10 minutes", async () => {
    await createPublication(prisma);
    await subscribe("quick@mail.example.com");
    const [first] = await mailTo("quick@mail.example.com");
    expect(await confirmAsOffered(linkIn(first!.text, "/confirm"))).toMatchObject({ ok: true, outcome: "subscribed" });
    await prisma.subscriber.updateMany({ where: { email: "quick@mail.example.com" }, data: { status: "unsubscribed" } });
    await subscribe("quick@mail.example.com");
    const confirmations = (await mailTo("quick@mail.example.com")).filter((mail) => mail.subject.startsWith("Confirm"));
    expect(confirmations).toHaveLength(2);
    // Unanswered, a request still holds the window: a third within the 10 minutes mails nothing.
    await subscribe("quick@mail.example.com");
    expect((await mailTo("quick@mail.example.com")).filter((mail) => mail.subject.startsWith("Confirm"))).toHaveLength(2);
  });

  it("the page says what pressing Confirm did", async () => {
    const { default: ConfirmPage } = await import("@/app/(site)/confirm/page");
    const heading = async (done: string) => renderToStaticMarkup(await ConfirmPage({ searchParams: Promise.resolve({ done }) })).match(/<h1[^>]*>([^<]*)<\/h1>/)?.[1];
    expect(await heading("subscribed")).toBe("You are subscribed");
    expect(await heading("already-subscribed")).toBe("You are already subscribed");
    expect(await heading("link-before-unsubscribe")).toBe("This link is older than your unsubscribe");
    expect(await heading("suppressed")).toBe("We cannot send to this address");
    // Anything else is no outcome: the page asks for the link.
    expect(await heading("toString")).toBe("This link is incomplete or invalid");
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
    // A name the database could not store is refused with the name's reason, which the page shows, and nothing changes.
    for (const name of ["Ada\u0000", "Ada \uDE00"]) {
      expect(await updatePreferences(prisma, { token, secret, input: { action: "save", name } }), JSON.stringify(name)).toEqual({
        ok: false,
        reason: "invalid",
        message: "Your name contains a character that cannot be saved (a null character or half of an emoji).",
      });
    }
    expect(await updatePreferences(prisma, { token, secret, input: { action: "save", name: "x".repeat(101) } })).toEqual({ ok: false, reason: "invalid", message: "Your name must be at most 100 characters." });
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).toMatchObject({ name: "Ada L.", status: "active" });

    await prisma.subscriber.update({ where: { id: subscriber.id }, data: { status: "complained" } });
    expect(await updatePreferences(prisma, { token, secret, input: { action: "resubscribe" } })).toEqual({ ok: false, reason: "suppressed" });
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).status).toBe("complained");
  });
});
