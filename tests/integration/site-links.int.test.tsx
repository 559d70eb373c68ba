/**
 * The public pages that end a journey (confirmed, unsubscribed, a broken link) and the bars around
 * every public page: each offers a way on, and the topics and the feed can be found by looking.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import { SiteFooter } from "@/components/site/site-footer";
import { SiteHeader } from "@/components/site/site-header";
import { signingSecret } from "@/lib/auth/signing-secret";
import { CONFIRM_TOKEN_LIFETIME_MS, signSubscriberToken } from "@/lib/auth/subscriber-token";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createSubscriber } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

/** Each link as "text → href", tags inside the text dropped. */
const links = (html: string) => [...html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/g)].map((match) => `${match[2]!.replace(/<[^>]+>/g, "")} → ${match[1]}`);

describe("links on the public pages", () => {
  it("every page's header links home, the archive and the topics; its footer, the RSS feed", () => {
    expect(links(renderToStaticMarkup(<SiteHeader />))).toEqual(["Home → /", "Archive → /archive", "Topics → /topics"]);
    const footer = renderToStaticMarkup(<SiteFooter />);
    expect(links(footer)).toEqual(["Subscribe by email → /subscribe", "RSS feed → /feed.xml"]);
    expect(footer).toContain('type="application/rss+xml"');
  });

  it("the site's layout puts the header above and the footer below each page", async () => {
    const { default: SiteLayout } = await import("@/app/(site)/layout");
    const html = renderToStaticMarkup(<SiteLayout>{<main>page</main>}</SiteLayout>);
    expect(html.indexOf('class="site-bar"')).toBeLessThan(html.indexOf("<main>page</main>"));
    expect(html.indexOf("<main>page</main>")).toBeLessThan(html.indexOf('class="site-footer"'));
  });

  it("after confirming, and on a broken or expired confirmation link, the page links home", async () => {
    const publication = await createPublication(prisma);
    const subscriber = await createSubscriber(prisma, { publicationId: publication.id, status: "pending" });
    const { default: ConfirmPage } = await import("@/app/(site)/confirm/page");
    const page = async (query: Record<string, string>) => renderToStaticMarkup(await ConfirmPage({ searchParams: Promise.resolve(query) }));
    expect(links(await page({ done: "subscribed" }))).toEqual(["home page → /", "archive → /archive"]);
    expect(links(await page({ token: "garbage" }))).toEqual(["home page → /"]);
    const expired = signSubscriberToken({ subscriberId: subscriber.id, purpose: "confirm", secret: signingSecret(), now: Date.now() - CONFIRM_TOKEN_LIFETIME_MS - 1000 });
    expect(links(await page({ token: expired }))).toEqual(["home page → /"]);
  });

  it("after unsubscribing, the page links to the home page it says to subscribe again from", async () => {
    const subscriber = await createSubscriber(prisma, { status: "unsubscribed" });
    const token = signSubscriberToken({ subscriberId: subscriber.id, purpose: "unsubscribe", secret: signingSecret() });
    const { default: UnsubscribePage } = await import("@/app/(site)/unsubscribe/page");
    for (const query of [{ token, done: "1" }, { token, done: "1", thanks: "1" }]) {
      const html = renderToStaticMarkup(await UnsubscribePage({ searchParams: Promise.resolve(query) }));
      expect(html).toContain("You are unsubscribed");
      expect(links(html)).toEqual(["home page → /"]);
    }
  });
});
