/**
 * Tags and segments in a real browser, on the production build the e2e tier
 * starts: the owner creates tags, tags subscribers from the list and from a
 * subscriber's page, filters by tag, and chooses an issue's audience in the
 * composer's Send tab, where the recipient count follows the choice; a reader
 * chooses topics in the preference center from their signed link. It signs
 * in as the owner the editor story set up (that file runs first, see
 * vitest.config.ts), or sets the owner up itself when run alone.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { signSubscriberToken } from "../../lib/auth/subscriber-token";
import { E2E_AUTH_SECRET, launchBrowser, logTail } from "./helpers/app";
import { signInAsOwner } from "./helpers/owner";
import { serious, titleInPlace } from "./helpers/axe";

const base = inject("e2eBaseUrl");
const logFile = inject("e2eLogFile");

const STEP_TIMEOUT = 30_000;
const pageErrors: string[] = [];

async function audit(page: Page, name: string): Promise<void> {
  await titleInPlace(page);
  const findings = serious(await new AxeBuilder({ page }).exclude("iframe[sandbox]").analyze(), `${name} (${new URL(page.url()).pathname})`);
  expect(findings, findings.join("\n")).toEqual([]);
}

/** A subscriber's id, found as an editor finds them: by searching the list and opening their page. */
async function subscriberIdOf(page: Page, email: string): Promise<string> {
  await page.goto(`/editor/subscribers?q=${encodeURIComponent(email)}`);
  await page.getByRole("link", { name: email }).click();
  await page.waitForURL(/\/editor\/subscribers\/[^/?]+$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

const recipientCount = (page: Page) => page.getByTestId("recipient-count");
const waitForCount = (page: Page, text: string) => page.waitForFunction((wanted) => document.querySelector('[data-testid="recipient-count"]')?.textContent === wanted, text, { timeout: STEP_TIMEOUT });

describe.sequential("tags and segments, in a browser", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(STEP_TIMEOUT);
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    await signInAsOwner(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      console.error(`Uncaught errors in the pages:\n${pageErrors.join("\n") || "(none)"}\n\nLast lines of the app's log (${logFile}):\n${logTail(logFile)}`);
    });
  });

  it("creates a private tag and a public topic on the tags page", async () => {
    await page.goto("/editor/subscribers");
    await page.getByRole("link", { name: "Tags", exact: true }).click();
    await page.waitForURL(`${base}/editor/subscribers/tags`);
    await page.locator("#new-tag-name").fill("Early readers");
    await page.getByRole("button", { name: "Create tag" }).click();
    await page.waitForURL(/saved=1/);
    await page.getByRole("heading", { name: "Early readers", level: 2 }).waitFor();

    await page.locator("#new-tag-name").fill("Grid storage");
    await page.locator("form:has(#new-tag-name)").getByRole("checkbox").check();
    await page.locator("#new-tag-description").fill("Long-duration storage on the grid.");
    await page.getByRole("button", { name: "Create tag" }).click();
    await page.waitForURL(/saved=1/);
    await page.getByRole("heading", { name: "Grid storage Topic", level: 2 }).waitFor();

    // A second tag of the same name is refused with a message, and nothing is lost.
    await page.locator("#new-tag-name").fill("early  READERS");
    await page.getByRole("button", { name: "Create tag" }).click();
    await page.getByRole("alert").getByText("A tag with that name already exists.").waitFor();
    await audit(page, "tags page");
    // The topic has a public page with its description.
    const topic = await fetch(`${base}/topics/grid-storage`);
    expect(topic.status).toBe(200);
    expect(await topic.text()).toContain("Long-duration storage on the grid.");
  });

  it("tags ticked rows on the subscribers page and one subscriber on their page, then filters by the tag", async () => {
    await page.goto("/editor/subscribers");
    await page.getByRole("checkbox", { name: "Select ada@readers.example" }).check();
    await page.getByRole("checkbox", { name: "Select grace@readers.example" }).check();
    await page.getByLabel("Tag to add or remove").selectOption({ label: "Early readers" });
    await page.getByRole("button", { name: "Add tag" }).click();
    await page.getByText("2 subscribers changed.").waitFor();

    // Ken unsubscribed: tagged all the same, a send must leave him out.
    await page.getByRole("link", { name: "ken@readers.example" }).click();
    await page.getByLabel("Add a tag").selectOption({ label: "Early readers" });
    await page.getByRole("button", { name: "Add tag" }).click();
    await page.getByText("Tags saved.").waitFor();
    await page.getByRole("button", { name: "Remove tag Early readers" }).waitFor();
    await audit(page, "subscriber page");

    await page.goto("/editor/subscribers");
    await page.getByLabel("Tag", { exact: true }).selectOption({ label: "Tagged Early readers" });
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/tag=/);
    const rows = (await page.locator("table.issues-table tbody tr td:nth-child(2)").allTextContents()).sort();
    expect(rows).toEqual(["ada@readers.example", "grace@readers.example", "ken@readers.example"]);
    await audit(page, "subscribers filtered by tag");
    // The export of this view holds the same three.
    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    expect(href).toContain("tag=");
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    expect(csv.split("\n").filter((line) => line.includes("@readers.example")).length).toBe(3);
  });

  it("chooses an issue's audience in the Send tab, with the recipient count following the choice", async () => {
    await page.goto("/editor/issues/new");
    await page.getByRole("button", { name: "Start from the template" }).click();
    await page.waitForURL(/\/editor\/issues\/(?!new)[^/?]+$/);
    await page.getByRole("tab", { name: "Send" }).click();
    const sendTo = page.getByRole("group", { name: "Send to" });
    await sendTo.waitFor();
    await page.waitForFunction(() => /^\d+ recipients?$/.test(document.querySelector('[data-testid="recipient-count"]')?.textContent ?? ""));
    const everyone = Number((await recipientCount(page).textContent())!.split(" ")[0]);
    expect(everyone).toBeGreaterThanOrEqual(3);

    await sendTo.getByRole("radio", { name: "Subscribers with tags" }).check();
    await sendTo.getByRole("checkbox", { name: "Early readers" }).check();
    // Ada and Grace: Ken carries the tag but unsubscribed.
    await waitForCount(page, "2 recipients");
    await sendTo.getByLabel("Matching").selectOption("all");
    await sendTo.getByRole("checkbox", { name: "Grid storage" }).check();
    await waitForCount(page, "0 recipients");
    await sendTo.getByRole("checkbox", { name: "Grid storage" }).uncheck();
    await waitForCount(page, "2 recipients");
    await audit(page, "composer, Send tab");

    // Stored at once: after a reload the choice is there, and "Send now" confirms the same number.
    await page.reload();
    await page.getByRole("tab", { name: "Send" }).click();
    await waitForCount(page, "2 recipients");
    expect(await page.getByRole("group", { name: "Send to" }).getByRole("checkbox", { name: "Early readers" }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Send now…" }).click();
    const dialog = page.getByRole("dialog", { name: "Send this issue now?" });
    await dialog.waitFor();
    expect((await dialog.textContent())?.replace(/\s+/g, " ")).toContain("It goes to 2 active subscribers with all of the 1 chosen tag.");
    await dialog.getByRole("button", { name: "Cancel" }).click();

    // Someone in another tab sends it to everyone; this tab still shows "Early readers", so scheduling from it is refused.
    const other = await page.context().newPage();
    await other.goto(page.url());
    await other.getByRole("tab", { name: "Send" }).click();
    await other.getByRole("group", { name: "Send to" }).getByRole("radio", { name: "All active subscribers" }).check();
    await waitForCount(other, `${everyone} recipients`);
    await other.close();
    await page.getByLabel(/^Send at/).fill("2099-01-05T09:00");
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    await page.getByText("Someone changed who this issue goes to after you saw the count. Check the audience again.").waitFor();
    expect(await page.getByText(/^Status:/).textContent()).toContain("draft");

    await sendTo.getByRole("radio", { name: "All active subscribers" }).check();
    await waitForCount(page, `${everyone} recipients`);

    // A web-only issue has no audience: the Send tab offers to publish it, saying no email goes out.
    await page.getByLabel("Appears in (Issue)").selectOption("web_only");
    await page.getByRole("button", { name: "Publish now…" }).click();
    const publish = page.getByRole("dialog", { name: "Publish this issue on the site now?" });
    await publish.waitFor();
    expect(await publish.textContent()).toContain("no email is sent");
    expect(await page.getByRole("group", { name: "Send to" }).count()).toBe(0);
    await publish.getByRole("button", { name: "Cancel" }).click();
  });

  it("lets a reader choose topics in the preference center from their signed link, and refuses a forged one", async () => {
    const subscriberId = await subscriberIdOf(page, "ada@readers.example");
    const reader = await browser.newContext({ baseURL: base });
    try {
      const preferences = await reader.newPage();
      await preferences.goto(`/preferences?token=${signSubscriberToken({ subscriberId, purpose: "preferences", secret: "not-the-app-secret-0123456789abcdefghijkl" })}`);
      await preferences.getByRole("heading", { name: "This link is not valid" }).waitFor();

      await preferences.goto(`/preferences?token=${signSubscriberToken({ subscriberId, purpose: "preferences", secret: E2E_AUTH_SECRET })}`);
      const topics = preferences.getByRole("group", { name: "Topics you are interested in" });
      // Public tags only: "Early readers" is the editors' label.
      expect(await topics.getByRole("checkbox").count()).toBeGreaterThanOrEqual(1);
      expect(await topics.getByRole("checkbox", { name: /Early readers/ }).count()).toBe(0);
      // One form: a new name and a ticked topic are saved by the same button, neither dropped for the other.
      await preferences.getByLabel("Your name (used to greet you)").fill("Ada Reader");
      await topics.getByRole("checkbox", { name: /Grid storage/ }).check();
      await preferences.getByRole("button", { name: "Save", exact: true }).click();
      await preferences.getByText("Saved.").waitFor();
      expect(await preferences.getByRole("group", { name: "Topics you are interested in" }).getByRole("checkbox", { name: /Grid storage/ }).isChecked()).toBe(true);
      expect(await preferences.getByLabel("Your name (used to greet you)").inputValue()).toBe("Ada Reader");
    } finally {
      await reader.close();
    }
    // The editors see the choice, beside their own label.
    await page.reload();
    expect((await page.locator("ul.tag-chips li").allTextContents()).map((text) => text.replace(/×$/, "").trim()).sort()).toEqual(["Early readers", "Grid storage (topic)"]);
  });

  it("filters subscribers by opens and clicks, and says where they come from", async () => {
    await page.goto("/editor/subscribers");
    await page.getByLabel("Opens and clicks").selectOption("inactive");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL(/engagement=inactive/);
    await page.getByText(/Subscribers on the list for 90 days or more who opened and clicked nothing/).waitFor();
    // Everyone here joined today: nobody has had 90 days to read.
    await page.getByText("No subscribers match.").waitFor();
    expect(await page.getByLabel("Opens and clicks").inputValue()).toBe("inactive");
    await audit(page, "subscribers, inactive");
  });

  it("unsubscribes a reader from their link, who then says why; the editors see the answer", async () => {
    const subscriberId = await subscriberIdOf(page, "ada@readers.example");
    const reader = await browser.newContext({ baseURL: base });
    try {
      const leaving = await reader.newPage();
      await leaving.goto(`/unsubscribe?token=${signSubscriberToken({ subscriberId, purpose: "unsubscribe", secret: E2E_AUTH_SECRET })}`);
      await leaving.getByRole("button", { name: "Unsubscribe", exact: true }).click();
      await leaving.getByRole("heading", { name: "You are unsubscribed" }).waitFor();
      const why = leaving.getByRole("group", { name: "Would you tell us why? (optional)" });
      // Sent without a choice, the browser asks for one (the radios are required): nothing is posted.
      await leaving.getByRole("button", { name: "Send", exact: true }).click();
      expect(await leaving.getByRole("status").count()).toBe(0);
      // Without the browser's check, the server refuses in words of its own; words put in the link by anyone else are not shown.
      await why.getByRole("radio").first().evaluate((radio) => radio.closest("form")!.setAttribute("novalidate", ""));
      await leaving.getByRole("button", { name: "Send", exact: true }).click();
      await leaving.waitForURL(/error=/);
      expect(await leaving.locator("p.subscribe-error").textContent()).toBe("Choose one of the answers.");
      const crafted = new URL(leaving.url());
      crafted.searchParams.set("error", "Your card was declined: update it at evil.example.");
      await leaving.goto(crafted.toString());
      await why.waitFor();
      expect(await leaving.locator("p.subscribe-error").count()).toBe(0);
      await why.getByRole("radio", { name: "Too many emails" }).check();
      await leaving.getByLabel("Anything else? (optional, at most 500 characters)").fill("Every week is a lot <b>for me</b>.");
      await leaving.getByRole("button", { name: "Send", exact: true }).click();
      await leaving.getByText("Thank you for telling us.").waitFor();
      const findings = serious(await new AxeBuilder({ page: leaving }).analyze(), "unsubscribe page");
      expect(findings, findings.join("\n")).toEqual([]);
    } finally {
      await reader.close();
    }
    await page.goto("/editor/subscribers/growth");
    const reasons = page.locator("ul.reason-counts");
    expect((await reasons.locator("li").allTextContents()).map((text) => text.trim())).toContain("Too many emails: 1");
    // The reader's words, as text: their markup is shown, never obeyed.
    await page.locator("ul.reason-comments blockquote", { hasText: "Every week is a lot <b>for me</b>." }).waitFor();
    expect(await page.locator("ul.reason-comments b").count()).toBe(0);

    // Asked what is kept about her, an editor downloads it from her page: the answer is in it.
    await page.goto(`/editor/subscribers/${subscriberId}`);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download everything kept about them (JSON)" }).click();
    const file = await (await download).path();
    const data = JSON.parse(fs.readFileSync(file, "utf8")) as { subscriber: { email: string; status: string }; unsubscribeReason: { reason: string; comment: string } };
    expect(data.subscriber).toMatchObject({ email: "ada@readers.example", status: "unsubscribed" });
    expect(data.unsubscribeReason).toMatchObject({ reason: "Too many emails", comment: "Every week is a lot <b>for me</b>." });
  });

  it("shows the audience's growth week by week, agreeing with the subscribers page", async () => {
    await page.goto("/editor/subscribers");
    const activeTab = await page.getByRole("navigation", { name: "Status" }).getByRole("link", { name: /^active / }).textContent();
    const active = Number(activeTab!.replace(/\D/g, ""));
    expect(active).toBeGreaterThan(0);
    await page.getByRole("link", { name: "Growth", exact: true }).click();
    await page.waitForURL(`${base}/editor/subscribers/growth`);
    const table = page.getByRole("region", { name: "Growth by week" });
    expect(await table.locator("tbody tr").count()).toBe(12);
    // This week first: every subscriber of this run joined today, and the list ends the week with all of them.
    const thisWeek = (await table.locator("tbody tr").first().locator("th, td").allTextContents()).slice(0, 6);
    expect(Number(thisWeek[1])).toBeGreaterThan(0);
    expect(Number(thisWeek[5]!.replace(/\D/g, ""))).toBe(active);
    expect(await page.getByText(`${active.toLocaleString("en")} active subscribers`).count()).toBe(1);
    await audit(page, "growth");
    await page.getByRole("link", { name: "52 weeks" }).click();
    await page.waitForURL(`${base}/editor/subscribers/growth?weeks=52`);
    expect(await page.getByRole("region", { name: "Growth by week" }).locator("tbody tr").count()).toBe(52);
  });

  it("makes an API key shown once, which adds a subscriber through the API until it is revoked", async () => {
    await page.goto("/editor/settings");
    await page.getByRole("link", { name: "API keys", exact: true }).click();
    await page.waitForURL(`${base}/editor/settings/api-keys`);
    await page.getByLabel("Name (what uses it)").fill("Shop sign-ups");
    await page.getByRole("radio", { name: /^Read, add, change and erase subscribers/ }).check();
    await page.getByRole("button", { name: "Make a key" }).click();
    const shown = page.getByLabel("The new key");
    await shown.waitFor();
    const key = await shown.inputValue();
    expect(key).toMatch(/^wk_[A-Za-z0-9_-]{43}$/);
    await audit(page, "API keys");

    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${base}/api/v1/subscribers${path}`, { ...init, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...init.headers } });
    const added = await api("", { method: "POST", body: JSON.stringify({ email: "shop+1@elsewhere.example", name: "Shopper", consent: true, tags: ["Shop"] }) });
    expect(added.status).toBe(201);
    expect(((await added.json()) as { data: unknown }).data).toMatchObject({ email: "shop+1@elsewhere.example", status: "active", source: "api", tags: ["Shop"] });
    const read = await api(`/${encodeURIComponent("SHOP+1@elsewhere.example")}`);
    expect(((await read.json()) as { data: { name: string } }).data.name).toBe("Shopper");

    // A read and write key also drafts issues: the composer opens the draft, and its history names the key.
    const drafted = await fetch(`${base}/api/v1/issues`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Drafted by the shop's script", blocks: [{ type: "noteworthy", data: { title: "Noteworthy", items: [{ text: "Kelp farms double their yield", url: "https://example.com/kelp", source: "Sea Notes" }] } }] }),
    });
    expect(drafted.status).toBe(201);
    const draft = ((await drafted.json()) as { data: { editUrl: string; version: number } }).data;
    expect(draft.version).toBe(1);
    await page.goto(draft.editUrl.replace(/^https?:\/\/[^/]+/, ""));
    await expect.poll(() => page.getByLabel("Title (the email's subject)").inputValue(), { timeout: STEP_TIMEOUT }).toBe("Drafted by the shop's script");
    expect(await page.locator("input, textarea").evaluateAll((fields) => fields.map((field) => (field as HTMLInputElement).value))).toContain("Kelp farms double their yield");
    await page.getByRole("tab", { name: "History" }).click();
    await page.locator("ol.revisions > li").getByText("API key “Shop sign-ups”").waitFor();

    // Shown once: after a reload the page has only the key's first characters, and when it was last used.
    await page.goto("/editor/settings/api-keys");
    expect(await page.content()).not.toContain(key);
    const row = page.getByRole("row", { name: /Shop sign-ups/ });
    expect(await row.locator("code").textContent()).toBe(`${key.slice(0, 11)}…`);
    expect(await row.locator("td").nth(4).textContent()).not.toBe("Never");
    // Nothing is said before anything is done.
    expect(await page.getByRole("status").count()).toBe(0);
    await row.getByRole("button", { name: "Revoke the key Shop sign-ups" }).click();
    await page.getByRole("status").getByText("Revoked.").waitFor();
    expect((await api("")).status).toBe(401);
    await page.goto(`/editor/subscribers?q=${encodeURIComponent("shop+1@elsewhere.example")}`);
    await page.getByRole("link", { name: "shop+1@elsewhere.example" }).waitFor();
  });

  it("adds a webhook endpoint whose test event and a new reader's sign-up reach a receiver, each verified with the shown secret", async () => {
    const received: { headers: Record<string, string>; body: string }[] = [];
    const receiver = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8") });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    try {
      await page.goto("/editor/settings");
      await page.getByRole("link", { name: "Webhooks", exact: true }).click();
      await page.waitForURL(`${base}/editor/settings/webhooks`);
      // Plain http to another machine is refused beside the field, and what was typed stays.
      await page.getByLabel("Endpoint URL").fill("http://crm.example.com/hooks");
      await page.getByLabel("Description").fill("CRM sync");
      await page.getByRole("button", { name: "Add endpoint" }).click();
      await page.getByText("Endpoint URL must use https://").waitFor();
      expect(await page.getByLabel("Description").inputValue()).toBe("CRM sync");
      await page.getByLabel("Endpoint URL").fill(hookUrl);
      await page.getByRole("button", { name: "Add endpoint" }).click();
      await page.getByRole("status").getByText("Endpoint added.").waitFor();
      const section = page.getByRole("region", { name: hookUrl });
      const secretOf = () => page.getByRole("region", { name: hookUrl }).locator("details").filter({ hasText: "Signing secret" }).locator("code").first().textContent();
      await section.getByText("Signing secret").click();
      const secret = (await secretOf())!;
      expect(secret).toMatch(/^whsec_/);
      await audit(page, "webhooks");

      await section.getByRole("button", { name: "Send a test event" }).click();
      await page.getByRole("status").getByText("Test event delivered: the endpoint answered 200.").waitFor();
      const verifier = new Webhook(secret);
      expect(verifier.verify(received[0]!.body, received[0]!.headers)).toMatchObject({ type: "webhook.test" });

      // A reader signs up on the public form: the app's own worker posts the event, nobody asks it to.
      const signUp = await fetch(`${base}/api/subscribe`, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json", "X-Forwarded-For": "203.0.113.77" }, body: JSON.stringify({ email: "hooked@readers.example" }) });
      expect(signUp.status).toBe(200);
      await expect.poll(() => received.length, { timeout: STEP_TIMEOUT }).toBe(2);
      expect(verifier.verify(received[1]!.body, received[1]!.headers)).toMatchObject({ type: "subscriber.created", data: { email: "hooked@readers.example", status: "pending" } });
      await page.reload();
      const rows = page.getByRole("region", { name: hookUrl }).locator("tbody tr");
      expect(await rows.allTextContents()).toEqual([expect.stringMatching(/^subscriber\.created.*Delivered \(200\)/s), expect.stringMatching(/^webhook\.test.*Delivered \(200\)/s)]);
      // Each row shows the body as it was posted: the same JSON the receiver verified.
      await rows.first().locator("summary").click();
      expect(JSON.parse((await rows.first().locator("pre").textContent())!)).toEqual(JSON.parse(received[1]!.body));

      // A new secret: the page shows it, and says the old one still signs for a day.
      const rotatedSection = page.getByRole("region", { name: hookUrl });
      await rotatedSection.getByText("Signing secret").click();
      await rotatedSection.getByRole("button", { name: "Rotate the secret" }).click();
      await page.getByRole("status").getByText(/^New secret made\./).waitFor();
      await page.getByRole("region", { name: hookUrl }).getByText("Signing secret").click();
      const rotated = (await secretOf())!;
      expect(rotated).toMatch(/^whsec_/);
      expect(rotated).not.toBe(secret);
      await page.getByText(/events are also signed by the secret this one replaced/).waitFor();

      // Edited: it no longer wants issue.sent, and says so.
      const edited = page.getByRole("region", { name: hookUrl });
      await edited.getByText("Edit", { exact: true }).click();
      await edited.getByRole("checkbox", { name: /^issue\.sent/ }).uncheck();
      await edited.getByRole("button", { name: "Save endpoint" }).click();
      await edited.getByRole("status").getByText("Endpoint saved.").waitFor();
      await page.reload();
      expect(await page.getByRole("region", { name: hookUrl }).locator("p.muted").first().textContent()).not.toContain("issue.sent");
    } finally {
      receiver.closeAllConnections();
      receiver.close();
    }
  });

  it("gives snippets that collect sign-ups on another site, by a plain form and in a frame, while the editor refuses to be framed there", async () => {
    await page.goto("/editor/subscribers");
    await page.getByRole("link", { name: "Sign-up form", exact: true }).click();
    await page.waitForURL(`${base}/editor/subscribers/sign-up-form`);
    // The preview frame is /embed itself, loaded inside the editor's page.
    await page.frameLocator("iframe.embed-preview").getByRole("heading", { name: "Subscribe to Grid Notes" }).waitFor();
    await audit(page, "sign-up form");
    const form = await page.getByLabel("HTML form").inputValue();
    const frame = await page.getByLabel("Frame", { exact: true }).inputValue();
    expect(form).toContain(`action="${base}/api/subscribe"`);

    // Another site (another origin) pastes both, and tries to frame the editor as well.
    const other = http.createServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      response.end(`<!doctype html><html lang="en"><title>Another site</title><body><h1>Another site</h1>${form}${frame}<iframe id="framed-editor" title="editor" src="${base}/editor/subscribers"></iframe></body></html>`);
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    // The editor's signed-in session is in `context`: a framed editor page would load as the owner if framing were allowed.
    const host = await context.newPage();
    try {
      const blocked = host.waitForEvent("console", { predicate: (message) => /frame-ancestors|Refused to display/.test(message.text()), timeout: STEP_TIMEOUT });
      await host.goto(otherUrl);
      await blocked;
      const editorFrame = await (await host.locator("#framed-editor").elementHandle())!.contentFrame();
      // Chromium shows its own error page in the frame instead of the editor's.
      expect(editorFrame!.url()).toBe("chrome-error://chromewebdata/");

      const embedded = host.frameLocator(`iframe[src="${base}/embed"]`);
      await embedded.getByLabel("Email").fill("framed-reader@elsewhere.example");
      await embedded.getByRole("button", { name: "Subscribe" }).click();
      expect(await embedded.getByRole("status").textContent()).toContain("check framed-reader@elsewhere.example");
      expect(host.url()).toBe(otherUrl);

      await host.getByLabel("Email").fill("form-reader@elsewhere.example");
      await host.getByLabel("Name (optional)").fill("Form Reader");
      await host.getByRole("button", { name: "Subscribe to Grid Notes" }).click();
      await host.waitForURL(`${base}/subscribe?sent=1`);
      expect(await host.getByRole("status").textContent()).toContain("check your inbox");
    } finally {
      await host.close();
      other.close();
    }

    // Both wait for their confirmation, as any sign-up does.
    for (const email of ["framed-reader@elsewhere.example", "form-reader@elsewhere.example"]) {
      await page.goto(`/editor/subscribers?status=pending&q=${encodeURIComponent(email)}`);
      await page.getByRole("link", { name: email }).waitFor();
    }
    // "I never got it": the editor may send it again, but not twice within 10 minutes of the first.
    await page.getByRole("link", { name: "form-reader@elsewhere.example" }).click();
    await page.getByRole("button", { name: "Send the confirmation email again" }).click();
    await page.getByRole("alert").getByText(/^Not sent: a confirmation email went to this address less than 10 minutes ago/).waitFor();
  });
});

