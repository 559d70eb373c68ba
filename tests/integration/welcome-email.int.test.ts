import { beforeEach, describe, expect, it } from "vitest";
import { signSubscriberToken } from "@/lib/auth/subscriber-token";
import { updateSettings } from "@/lib/publication/update-settings";
import { confirmSubscription } from "@/lib/subscribers/confirm-subscription";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createSubscriber, createUser } from "../helpers/factories";
import { htmlText, scanHtml, textOf } from "../helpers/html";

const prisma = testDb();
beforeEach(resetDatabase);
const secret = "welcome-test-secret-0123456789abcdef-long";
const appUrl = "https://news.example.com";

const settings = { name: "Grid Notes", description: "Weekly notes on grids.", siteUrl: "https://news.example.com", senderName: "Grid", senderEmail: "grid@news.example.com", replyTo: "", postalAddress: "", timezone: "UTC" };

async function confirm(name: string | null, email: string) {
  const publication = await prisma.publication.findFirstOrThrow();
  const subscriber = await createSubscriber(prisma, { publicationId: publication.id, email, name, status: "pending" });
  const token = signSubscriberToken({ subscriberId: subscriber.id, purpose: "confirm", secret });
  const confirmed = await confirmSubscription(prisma, { token, appUrl, secret });
  expect(confirmed).toMatchObject({ ok: true, outcome: "subscribed" });
  if (confirmed.ok) await confirmed.welcome?.();
  const mail = await prisma.outboxMessage.findMany({ where: { toAddress: email } });
  expect(mail).toHaveLength(1);
  return mail[0]!;
}

describe("the welcome email", () => {
  it("is the subject and body edited in Settings, Markdown rendered safely and greetings filled in", async () => {
    await createPublication(prisma, { name: "Grid Notes" });
    const owner = await createUser(prisma, { role: "owner" });
    const body = [
      "Hello **{{name|there}}**, and thanks for joining.",
      "",
      "- Read [the archive](https://news.example.com/archive)",
      "- Reply to *any* issue",
      "",
      '<script>alert("x")</script> <img src=x onerror="alert(1)"> [bad](javascript:alert(1))',
    ].join("\n");
    // A link to anything but http(s) or mailto is refused at save, as in the composer…
    const withLink = `${body}\n\nAnd [bad](javascript:alert(1)) on a line of its own.`;
    expect(await updateSettings(prisma, owner, { ...settings, welcomeBody: withLink })).toMatchObject({
      ok: false,
      fieldErrors: { welcomeBody: 'has a link to "javascript:alert(1)"; links must be http(s) or mailto URLs' },
    });
    expect(await updateSettings(prisma, owner, { ...settings, welcomeSubject: "Welcome aboard, {{name|friend}}!", welcomeBody: body })).toEqual({ ok: true });
    // …and one stored before that rule is rendered as its words, never as a link.
    await prisma.publication.updateMany({ data: { welcomeBody: withLink } });

    const mail = await confirm("Ada <Lovelace>", "ada@mail.example.com");
    expect(mail.subject).toBe("Welcome aboard, Ada <Lovelace>!");
    const scan = scanHtml(mail.html);
    expect(scan.scriptElements).toBe(0);
    expect(scan.eventHandlers).toEqual([]);
    expect(scan.unsafeUrls).toEqual([]);
    expect(scan.elements.filter((element) => element.tagName === "img")).toEqual([]);
    const strong = scan.elements.find((element) => element.tagName === "strong");
    expect(strong ? textOf(strong) : null).toBe("Ada <Lovelace>");
    expect(htmlText(mail.html)).toContain("Hello Ada <Lovelace>, and thanks for joining.");
    expect(scan.elements.filter((element) => element.tagName === "li")).toHaveLength(2);
    expect(scan.elements.some((element) => element.tagName === "a" && element.attrs.some((a) => a.name === "href" && a.value === "https://news.example.com/archive"))).toBe(true);
    // The typed markup stays words on the page.
    expect(htmlText(mail.html)).toContain('<script>alert("x")</script>');
    expect(mail.text).toContain("Hello Ada <Lovelace>, and thanks for joining.");
    expect(mail.text).toContain(`${appUrl}/preferences?token=`);

    // Without a name, the fallbacks.
    const anonymous = await confirm(null, "bo@mail.example.com");
    expect(anonymous.subject).toBe("Welcome aboard, friend!");
    expect(anonymous.text).toContain("Hello there, and thanks for joining.");
  });

  it("falls back to the built-in text while the fields are empty, and refuses a subject on two lines", async () => {
    await createPublication(prisma, { name: "Grid Notes", description: "Weekly notes on grids." });
    const owner = await createUser(prisma, { role: "owner" });
    expect(await updateSettings(prisma, owner, { ...settings, welcomeSubject: "Line one\nline two", welcomeBody: "" })).toMatchObject({ ok: false, reason: "invalid", fieldErrors: { welcomeSubject: "must be a single line" } });
    // A settings form without the welcome fields leaves them as they are.
    await prisma.publication.updateMany({ data: { welcomeSubject: "Kept" } });
    expect(await updateSettings(prisma, owner, settings)).toEqual({ ok: true });
    expect((await prisma.publication.findFirstOrThrow()).welcomeSubject).toBe("Kept");
    expect(await updateSettings(prisma, owner, { ...settings, welcomeSubject: "", welcomeBody: "" })).toEqual({ ok: true });
    const mail = await confirm("Cy", "cy@mail.example.com");
    expect(mail.subject).toBe("Welcome to Grid Notes");
    expect(htmlText(mail.html)).toContain("Weekly notes on grids.");
  });

  it("carries the logo saved in Settings, which refuses anything but an http(s) URL and keeps it when the form leaves it out", async () => {
    await createPublication(prisma, { name: "Grid Notes" });
    const owner = await createUser(prisma, { role: "owner" });
    const logo = `https://news.example.com/media/${"c".repeat(64)}-400x120.png`;
    for (const bad of ["javascript:alert(1)", "/media/logo.png", "data:image/png;base64,AAAA", "not a url"]) {
      expect(await updateSettings(prisma, owner, { ...settings, logoUrl: bad }), bad).toMatchObject({ ok: false, reason: "invalid", fieldErrors: { logoUrl: "must be the http(s) URL of an image, or empty" } });
    }
    expect(await updateSettings(prisma, owner, { ...settings, logoUrl: ` ${logo} ` })).toEqual({ ok: true });
    expect(await updateSettings(prisma, owner, settings)).toEqual({ ok: true });
    expect((await prisma.publication.findFirstOrThrow()).logoUrl).toBe(logo);
    const mail = await confirm("Di", "di@mail.example.com");
    const image = scanHtml(mail.html).elements.find((element) => element.tagName === "img" && element.attrs.some((a) => a.name === "src" && a.value === logo));
    expect(image?.attrs.find((a) => a.name === "alt")?.value).toBe("Grid Notes");
    // The database holds the same rule.
    await expect(prisma.publication.updateMany({ data: { logoUrl: "javascript:alert(1)" } })).rejects.toThrow();
    expect(await updateSettings(prisma, owner, { ...settings, logoUrl: "" })).toEqual({ ok: true });
    expect((await prisma.publication.findFirstOrThrow()).logoUrl).toBe("");
  });

  it("takes an accent colour dark enough to read on white, lower-cased, and refuses others with the reason", async () => {
    await createPublication(prisma, { name: "Grid Notes" });
    const owner = await createUser(prisma, { role: "owner" });
    expect(await updateSettings(prisma, owner, { ...settings, accentColor: "#FFD700" })).toMatchObject({
      ok: false,
      fieldErrors: { accentColor: "is too light to read on white (contrast 1.4:1; links need 4.5:1): choose a darker one" },
    });
    for (const bad of ["red", "#12345", "#1234567", "#gggggg", "rgb(0,0,0)"]) {
      expect(await updateSettings(prisma, owner, { ...settings, accentColor: bad }), bad).toMatchObject({ ok: false, fieldErrors: { accentColor: "must be a colour written #rrggbb, such as #0f766e, or empty" } });
    }
    expect(await updateSettings(prisma, owner, { ...settings, accentColor: " #7A1FA2 " })).toEqual({ ok: true });
    expect((await prisma.publication.findFirstOrThrow()).accentColor).toBe("#7a1fa2");
    const mail = await confirm("Ed", "ed@mail.example.com");
    expect(mail.html).toMatch(/background-color:#7a1fa2/i);
    await expect(prisma.publication.updateMany({ data: { accentColor: "red" } })).rejects.toThrow();
  });
});
