import { z } from "zod";
import { verifySubscriberToken } from "../auth/subscriber-token.ts";
import type { Database } from "../db/client";
import { listTopics } from "../tags/list-topics.ts";
import { storableString } from "../text/storable-text.ts";

/**
 * What the preference center shows: the subscriber its signed link names, the
 * publication's topics (its public tags) and which of them they chose.
 * Private tags are the editors' labels and never shown.
 */
export async function loadPreferences(prisma: Database, { token, secret }: { token: string; secret: string }) {
  const check = verifySubscriberToken(token, { purpose: "preferences", secret });
  if (!check.ok) return null;
  // An erased row answers like a stranger: its old links must not bring it back.
  const subscriber = await prisma.subscriber.findFirst({
    where: { id: check.subscriberId, NOT: { source: "erased" } },
    select: { id: true, email: true, name: true, status: true, publicationId: true, publication: { select: { name: true, siteUrl: true } }, tags: { where: { tag: { isPublic: true } }, select: { tagId: true } } },
  });
  if (!subscriber) return null;
  const { tags, ...rest } = subscriber;
  const topics = await listTopics(prisma, subscriber.publicationId);
  return { ...rest, topics, chosenTopicIds: tags.map((row) => row.tagId) };
}

const change = z.discriminatedUnion("action", [
  z.object({ action: z.literal("unsubscribe") }),
  z.object({ action: z.literal("resubscribe") }),
  /**
   * The preference center's one form: the name, and the topics as the full set of ticked boxes when
   * the form showed them (absent: the publication has none, and the subscriber's stay as they are).
   * One form, so saving the name never drops a topic ticked beside it.
   */
  z.object({
    action: z.literal("save"),
    name: storableString().trim().max(100, "must be at most 100 characters"),
    topics: z.array(z.string().max(64)).max(200).optional(),
  }),
]);

export type PreferencesResult = { ok: true; status: string } | { ok: false; reason: "invalid-link" | "suppressed" } | { ok: false; reason: "invalid"; message: string };

/**
 * Changes made from the link in an email. The link proves the address, so
 * coming back needs no second confirmation; an address that bounced or
 * complained stays suppressed (mail to it would hurt every reader's delivery).
 */
export async function updatePreferences(prisma: Database, { token, secret, input }: { token: string; secret: string; input: unknown }): Promise<PreferencesResult> {
  const check = verifySubscriberToken(token, { purpose: "preferences", secret });
  if (!check.ok) return { ok: false, reason: "invalid-link" };
  const parsed = change.safeParse(input);
  if (!parsed.success) {
    // The name is the one field a reader types: its problem is told as a sentence the page can show.
    const issue = parsed.error.issues[0];
    return { ok: false, reason: "invalid", message: issue?.path[0] === "name" ? `Your name ${issue.message}.` : (issue?.message ?? "is not a change we know") };
  }
  const subscriber = await prisma.subscriber.findFirst({ where: { id: check.subscriberId, NOT: { source: "erased" } }, select: { status: true, publicationId: true } });
  if (!subscriber) return { ok: false, reason: "invalid-link" };
  const request = parsed.data;
  if (request.action === "save") {
    await prisma.subscriber.update({ where: { id: check.subscriberId }, data: { name: request.name || null } });
    if (request.topics) await chooseTopics(prisma, check.subscriberId, subscriber.publicationId, request.topics);
    return { ok: true, status: subscriber.status };
  }
  if (subscriber.status === "bounced" || subscriber.status === "complained") return { ok: false, reason: "suppressed" };
  const status = request.action === "unsubscribe" ? "unsubscribed" : "active";
  await prisma.subscriber.update({ where: { id: check.subscriberId }, data: { status } });
  return { ok: true, status };
}

/**
 * Makes the subscriber's topics exactly the chosen ones among the
 * publication's public tags. Ids that are not a public tag of this
 * publication are ignored, and private tags (editors' labels) stay as they are.
 */
async function chooseTopics(prisma: Database, subscriberId: string, publicationId: string, chosen: string[]) {
  const topics = await prisma.tag.findMany({ where: { publicationId, isPublic: true }, select: { id: true } });
  const wanted = new Set(chosen);
  const keep = topics.filter((topic) => wanted.has(topic.id)).map((topic) => topic.id);
  const drop = topics.filter((topic) => !wanted.has(topic.id)).map((topic) => topic.id);
  await prisma.$transaction([
    prisma.subscriberTag.deleteMany({ where: { subscriberId, tagId: { in: drop } } }),
    prisma.subscriberTag.createMany({ data: keep.map((tagId) => ({ subscriberId, tagId })), skipDuplicates: true }),
  ]);
}
