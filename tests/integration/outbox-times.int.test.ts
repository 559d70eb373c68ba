import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication } from "../helpers/factories";

// The pages ask who is signed in; here, an owner (who may read all of the outbox).
vi.mock("@/lib/auth/current-actor", () => ({
  requireActor: async () => ({ id: "owner", role: "owner", email: "owner@team.example.com", name: "Owner" }),
}));

const prisma = testDb();
beforeEach(resetDatabase);

/** The text of each <time> element, with its machine-readable moment. */
const times = (html: string) => [...html.matchAll(/<time dateTime="([^"]+)">([^<]*)<\/time>/g)].map((match) => ({ at: match[1], shown: match[2] }));

describe("the Outbox's times", () => {
  it("are in the publication's zone, and say which zone, in the list and on the message's page", async () => {
    await createPublication(prisma, { timezone: "Europe/Berlin" });
    const createdAt = new Date("2026-11-16T07:30:12Z");
    const message = await prisma.outboxMessage.create({
      data: { fromAddress: "ed@news.example.com", toAddress: "ada@mail.example.com", subject: "Hello", html: "<p>Hi</p>", text: "Hi", createdAt },
    });
    const { default: OutboxPage } = await import("@/app/editor/outbox/page");
    const { default: OutboxMessagePage } = await import("@/app/editor/outbox/[id]/page");
    const list = renderToStaticMarkup(await OutboxPage({ searchParams: Promise.resolve({}) }));
    const page = renderToStaticMarkup(await OutboxMessagePage({ params: Promise.resolve({ id: message.id }) }));
    const expected = { at: "2026-11-16T07:30:12.000Z", shown: "16 Nov 2026, 08:30:12 CET" };
    expect(times(list)).toEqual([expected]);
    expect(times(page)).toEqual([expected]);
    expect(page).not.toContain(">2026-11-16T07:30:12.000Z<");

    // Where English has no abbreviation, the offset names the zone.
    await prisma.publication.updateMany({ data: { timezone: "America/New_York" } });
    expect(times(renderToStaticMarkup(await OutboxPage({ searchParams: Promise.resolve({}) })))[0]!.shown).toBe("16 Nov 2026, 02:30:12 GMT-5");
  });
});
