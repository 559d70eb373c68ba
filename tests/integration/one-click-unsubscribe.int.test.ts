import { beforeEach, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/unsubscribe/route";
import { signingSecret } from "@/lib/auth/signing-secret";
import { signSubscriberToken, SUBSCRIBER_TOKEN_LIFETIME_MS } from "@/lib/auth/subscriber-token";
import { resetDatabase, testDb } from "../helpers/db";
import { createSubscriber } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

/** Exactly what a mail client sends for RFC 8058 one-click. */
function oneClick(token: string) {
  return POST(
    new Request(`https://news.example.com/api/unsubscribe?token=${token}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    }),
  );
}

const tokenFor = (subscriberId: string, purpose: "unsubscribe" | "preferences" = "unsubscribe", now?: number) =>
  signSubscriberToken({ subscriberId, purpose, secret: signingSecret(), now });

describe("one-click unsubscribe (POST /api/unsubscribe)", () => {
  it("unsubscribes at once, without a session, and again without harm", async () => {
    const subscriber = await createSubscriber(prisma, { status: "active" });
    const first = await oneClick(tokenFor(subscriber.id));
    expect(first.status).toBe(200);
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).toMatchObject({ status: "unsubscribed" });
    expect((await oneClick(tokenFor(subscriber.id))).status).toBe(200);
  });

  it("refuses forged, expired, malformed and wrong-purpose tokens, changing nothing", async () => {
    const subscriber = await createSubscriber(prisma, { status: "active" });
    const good = tokenFor(subscriber.id);
    const other = await createSubscriber(prisma, { status: "active" });
    const forged = `${tokenFor(other.id).split(".")[0]}.${good.split(".")[1]}`;
    const expired = tokenFor(subscriber.id, "unsubscribe", Date.now() - SUBSCRIBER_TOKEN_LIFETIME_MS - 60_000);
    for (const token of [forged, expired, "garbage", "", tokenFor(subscriber.id, "preferences")]) {
      const response = await oneClick(encodeURIComponent(token));
      expect(response.status).toBe(400);
      expect(await response.text()).toBe("This unsubscribe link is not valid or has expired.\n");
    }
    expect(await prisma.subscriber.count({ where: { status: "active" } })).toBe(2);
  });

  it("answers the same for a subscriber that no longer exists, revealing nothing", async () => {
    const subscriber = await createSubscriber(prisma, { status: "active" });
    const token = tokenFor(subscriber.id);
    await prisma.subscriber.delete({ where: { id: subscriber.id } });
    const response = await oneClick(token);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("You are unsubscribed.\n");
  });

  it("never unsubscribes on GET, which link scanners follow, but sends people to the confirmation page", async () => {
    const subscriber = await createSubscriber(prisma, { status: "active" });
    const token = tokenFor(subscriber.id);
    // As Next sees it behind the launcher's front: its own loopback port, which no reader can reach.
    const response = await GET(new Request(`http://localhost:38381/api/unsubscribe?token=${token}`));
    expect(response.status).toBe(303);
    // Relative, so the browser stays on the address it asked.
    expect(response.headers.get("location")).toBe(`/unsubscribe?token=${token}`);
    expect(new URL(response.headers.get("location")!, "https://news.example.com/api/unsubscribe").href).toBe(`https://news.example.com/unsubscribe?token=${token}`);
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).toMatchObject({ status: "active" });
  });

  it("leaves a bounced or complained subscriber as they are", async () => {
    const bounced = await createSubscriber(prisma, { status: "bounced" });
    expect((await oneClick(tokenFor(bounced.id))).status).toBe(200);
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: bounced.id } })).toMatchObject({ status: "bounced" });
  });
});
