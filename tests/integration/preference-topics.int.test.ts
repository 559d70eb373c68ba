import { beforeEach, describe, expect, it } from "vitest";
import { signSubscriberToken } from "@/lib/auth/subscriber-token";
import { loadPreferences, updatePreferences } from "@/lib/subscribers/preferences";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createSubscriber } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);
const secret = "integration-test-secret-long-enough-0123456789";

async function world() {
  const publication = await createPublication(prisma);
  const [ai, rust, vip] = await Promise.all([
    prisma.tag.create({ data: { publicationId: publication.id, name: "AI", slug: "ai", isPublic: true, description: "Models and papers" } }),
    prisma.tag.create({ data: { publicationId: publication.id, name: "Rust", slug: "rust", isPublic: true } }),
    // A private label: editors' business, never shown to the reader nor changed by them.
    prisma.tag.create({ data: { publicationId: publication.id, name: "VIP", slug: "vip" } }),
  ]);
  const elsewhere = await createPublication(prisma);
  const foreign = await prisma.tag.create({ data: { publicationId: elsewhere.id, name: "Go", slug: "go", isPublic: true } });
  const subscriber = await createSubscriber(prisma, { publicationId: publication.id, tags: { create: [{ tagId: ai.id }, { tagId: vip.id }] } });
  const token = signSubscriberToken({ subscriberId: subscriber.id, purpose: "preferences", secret });
  return { ai: ai!, rust: rust!, vip: vip!, foreign, subscriber, token };
}

async function carried(subscriberId: string) {
  return (await prisma.subscriberTag.findMany({ where: { subscriberId }, select: { tag: { select: { slug: true } } } })).map((row) => row.tag.slug).sort();
}

describe("topics in the preference center", () => {
  it("shows the publication's public tags with the subscriber's choices, never private tags", async () => {
    const { token, ai, rust } = await world();
    const preferences = await loadPreferences(prisma, { token, secret });
    expect(preferences?.topics).toEqual([
      { id: ai.id, name: "AI", slug: "ai", description: "Models and papers" },
      { id: rust.id, name: "Rust", slug: "rust", description: "" },
    ]);
    expect(preferences?.chosenTopicIds).toEqual([ai.id]);
  });

  it("sets the chosen topics exactly, ignoring private and foreign tag ids and keeping private tags", async () => {
    const { token, rust, vip, foreign, subscriber } = await world();
    expect(await updatePreferences(prisma, { token, secret, input: { action: "save", name: "Ada", topics: [rust.id, vip.id, foreign.id, "made-up"] } })).toEqual({ ok: true, status: "active" });
    expect(await carried(subscriber.id)).toEqual(["rust", "vip"]);
    expect(await updatePreferences(prisma, { token, secret, input: { action: "save", name: "Ada", topics: [] } })).toEqual({ ok: true, status: "active" });
    expect(await carried(subscriber.id)).toEqual(["vip"]);
  });

  it("saves the name and the topics from the one form together; a form without topics leaves them as they were", async () => {
    const { token, rust, subscriber } = await world();
    expect(await updatePreferences(prisma, { token, secret, input: { action: "save", name: " Ada R. ", topics: [rust.id] } })).toEqual({ ok: true, status: "active" });
    expect(await carried(subscriber.id)).toEqual(["rust", "vip"]);
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).toMatchObject({ name: "Ada R." });
    expect(await updatePreferences(prisma, { token, secret, input: { action: "save", name: "" } })).toEqual({ ok: true, status: "active" });
    expect(await carried(subscriber.id)).toEqual(["rust", "vip"]);
    expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).toMatchObject({ name: null });
    expect(await updatePreferences(prisma, { token, secret, input: { action: "save", name: "x".repeat(101), topics: [] } })).toEqual({ ok: false, reason: "invalid", message: "Your name must be at most 100 characters." });
    expect(await carried(subscriber.id)).toEqual(["rust", "vip"]);
  });

  it("refuses a forged or borrowed link and changes nothing", async () => {
    const { token, rust, subscriber } = await world();
    const forged = signSubscriberToken({ subscriberId: subscriber.id, purpose: "preferences", secret: "someone-elses-secret-also-long-enough-0123" });
    const wrongPurpose = signSubscriberToken({ subscriberId: subscriber.id, purpose: "unsubscribe", secret });
    const tampered = `${token.slice(0, -3)}${token.slice(-3) === "AAA" ? "BBB" : "AAA"}`;
    for (const bad of [forged, wrongPurpose, tampered, ""]) {
      expect(await updatePreferences(prisma, { token: bad, secret, input: { action: "save", name: "Mallory", topics: [rust.id] } })).toEqual({ ok: false, reason: "invalid-link" });
      expect(await loadPreferences(prisma, { token: bad, secret })).toBeNull();
    }
    expect(await carried(subscriber.id)).toEqual(["ai", "vip"]);
    expect((await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).name).not.toBe("Mallory");
  });
});
