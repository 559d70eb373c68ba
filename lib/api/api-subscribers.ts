import { z } from "zod";
import { authorize, type Actor } from "../auth/permissions.ts";
import type { Database } from "../db/client";
import { commands } from "../commands.ts";
import { SUBSCRIBER_ENGAGEMENTS, SUBSCRIBER_SORTS, SUBSCRIBER_STATUSES, listSubscribers } from "../audience/list-subscribers.ts";
import { fieldErrors } from "../forms/field-errors.ts";
import { getPublication } from "../publication/get-publication.ts";
import { ensureTags, tagSlug } from "../tags/ensure-tags.ts";
import { apiError, invalidFields, type ApiResult } from "./api-result.ts";
import { findSubscriberIdByAddress } from "../subscribers/find-by-address.ts";

/** A subscriber as the API shows one: never another table's ids. */
type SubscriberRow = { id: string; email: string; name: string | null; status: string; source: string; createdAt: Date; lastEngagedAt: Date | null; tags: { tag: { name: string } }[] };

const SUBSCRIBER_SELECT = { id: true, email: true, name: true, status: true, source: true, createdAt: true, lastEngagedAt: true, tags: { select: { tag: { select: { name: true } } }, orderBy: { tag: { name: "asc" } } } } as const;

function toApiSubscriber(row: SubscriberRow) {
  return { id: row.id, email: row.email, name: row.name, status: row.status, source: row.source, createdAt: row.createdAt, lastOpenedOrClickedAt: row.lastEngagedAt, tags: row.tags.map(({ tag }) => tag.name) };
}

const notFound = apiError(404, "not-found", "No subscriber has that id or email address.");
const noPublication = apiError(404, "not-found", "There is no publication yet.");

/** Tag names: up to 20, each up to 50 characters; created as needed, as the CSV import does. */
const tagNames = z
  .array(
    z.string().trim().min(1, "must not be empty").max(50, "must be at most 50 characters").refine((name) => tagSlug(name) !== "", "need a letter or a digit each"),
    { error: "must be a list of tag names" },
  )
  .max(20, "are at most 20");

/** By id, or by address (any case) when it has an @; erased rows are counts, not people, and are not found. */
async function findSubscriber(prisma: Database, publicationId: string, idOrEmail: string) {
  const key = idOrEmail.trim();
  const id = key.includes("@") ? await findSubscriberIdByAddress(prisma, { publicationId, email: key }) : key;
  if (id === null) return null;
  return prisma.subscriber.findFirst({ where: { id, publicationId, NOT: { source: "erased" } }, select: SUBSCRIBER_SELECT });
}

/** Gives a subscriber exactly these tags (by name, created as needed). */
async function setTags(prisma: Database, publicationId: string, subscriberId: string, names: string[]) {
  const ids = [...(await ensureTags(prisma, publicationId, names)).values()];
  await prisma.subscriberTag.deleteMany({ where: { subscriberId, tagId: { notIn: ids } } });
  await prisma.subscriberTag.createMany({ data: ids.map((tagId) => ({ subscriberId, tagId })), skipDuplicates: true });
}

const listQuery = z.object({
  status: z.enum(SUBSCRIBER_STATUSES, { error: `must be one of ${SUBSCRIBER_STATUSES.join(", ")}` }).optional(),
  engagement: z.enum(SUBSCRIBER_ENGAGEMENTS, { error: `must be one of ${SUBSCRIBER_ENGAGEMENTS.join(", ")}` }).optional(),
  sort: z.enum(SUBSCRIBER_SORTS, { error: `must be one of ${SUBSCRIBER_SORTS.join(", ")}` }).optional(),
  q: z.string().max(200, "must be at most 200 characters").optional(),
  tag: z.string().max(50, "must be at most 50 characters").optional(),
  after: z.string().regex(/^[\w-]{1,64}$/, "must be the `next` of an earlier page").optional(),
});

/** GET /api/v1/subscribers: 50 a page, filtered as the subscribers page filters; `next` fetches the following page. Erased rows are counts, not people, and are left out. */
export async function listApiSubscribers(prisma: Database, actor: Actor, params: URLSearchParams): Promise<ApiResult> {
  authorize(actor, "subscribers.view");
  const parsed = listQuery.safeParse(Object.fromEntries(params));
  if (!parsed.success) return invalidFields(fieldErrors(parsed.error), "parameters");
  const publication = await getPublication(prisma);
  if (!publication) return noPublication;
  const { status, engagement, sort, q, tag, after } = parsed.data;
  let tagId: string | undefined;
  if (tag) {
    const found = await prisma.tag.findFirst({ where: { publicationId: publication.id, slug: tagSlug(tag) }, select: { id: true } });
    if (!found) return { status: 200, body: { data: [], next: null } };
    tagId = found.id;
  }
  const page = await listSubscribers(prisma, { publicationId: publication.id, status, engagement, sort, query: q, tagId, after, withoutErased: true });
  return { status: 200, body: { data: page.subscribers.map(toApiSubscriber), next: page.nextCursor } };
}

/** GET /api/v1/subscribers/{id or email} */
export async function getApiSubscriber(prisma: Database, actor: Actor, idOrEmail: string): Promise<ApiResult> {
  authorize(actor, "subscribers.view");
  const publication = await getPublication(prisma);
  if (!publication) return noPublication;
  const found = await findSubscriber(prisma, publication.id, idOrEmail);
  return found ? { status: 200, body: { data: toApiSubscriber(found) } } : notFound;
}

const addBody = z
  .object({
    email: z.string({ error: "is required" }),
    name: z.string({ error: "must be text" }).optional(),
    /** True: the caller has this person's consent, so they are active at once; otherwise they get the confirmation email. */
    consent: z.boolean({ error: "must be true or false" }).optional(),
    tags: tagNames.optional(),
  })
  .strict();

/**
 * POST /api/v1/subscribers: added as the subscribers page adds someone
 * (lib/audience/manage-subscriber.ts): with consent, active at once; without,
 * pending with the double opt-in email. An address already on the list is
 * 409 with its id: unlike the public form, a key is a member's credential.
 */
export async function addApiSubscriber(prisma: Database, actor: Actor, body: unknown): Promise<ApiResult> {
  authorize(actor, "subscribers.manage");
  const parsed = addBody.safeParse(body);
  if (!parsed.success) return invalidFields(fieldErrors(parsed.error));
  const { email, name, consent, tags } = parsed.data;
  if (tags?.length) authorize(actor, "tags.manage");
  const added = await commands.addSubscriber(prisma, actor, { email, name, consent: consent ?? false, source: "api" });
  if (!added.ok) {
    if (added.reason === "exists") return apiError(409, "exists", "That address is already on the list.", { id: added.id });
    if (added.reason === "invalid") return invalidFields(added.fieldErrors);
    return noPublication;
  }
  if (tags?.length) await setTags(prisma, (await getPublication(prisma))!.id, added.id, tags);
  const created = await prisma.subscriber.findUniqueOrThrow({ where: { id: added.id }, select: SUBSCRIBER_SELECT });
  return { status: 201, body: { data: toApiSubscriber(created) } };
}

const updateBody = z
  .object({
    name: z.string({ error: "must be text or null" }).nullable().optional(),
    /** Only one way: mail stops. Only the subscriber can start it again (their preferences link). */
    status: z.literal("unsubscribed", { error: "can only become unsubscribed: only the subscriber can start their mail again" }).optional(),
    tags: tagNames.optional(),
  })
  .strict();

/** PATCH /api/v1/subscribers/{id or email}: name, unsubscribing, and the whole set of tags. Fields left out stay as they are. */
export async function updateApiSubscriber(prisma: Database, actor: Actor, idOrEmail: string, body: unknown): Promise<ApiResult> {
  authorize(actor, "subscribers.manage");
  const parsed = updateBody.safeParse(body);
  if (!parsed.success) return invalidFields(fieldErrors(parsed.error));
  const { name, status, tags } = parsed.data;
  if (tags) authorize(actor, "tags.manage");
  const publication = await getPublication(prisma);
  if (!publication) return noPublication;
  const found = await findSubscriber(prisma, publication.id, idOrEmail);
  if (!found) return notFound;
  const edited = await commands.editSubscriber(prisma, actor, { id: found.id, name: name === undefined ? (found.name ?? "") : (name ?? ""), unsubscribe: status === "unsubscribed" });
  if (!edited.ok) return edited.reason === "invalid" ? invalidFields(edited.fieldErrors) : notFound;
  if (tags) await setTags(prisma, publication.id, found.id, tags);
  const updated = await prisma.subscriber.findUniqueOrThrow({ where: { id: found.id }, select: SUBSCRIBER_SELECT });
  return { status: 200, body: { data: toApiSubscriber(updated) } };
}

/** DELETE /api/v1/subscribers/{id or email}: the GDPR erasure of the subscriber's page (their data goes; an anonymous row keeps the counts). */
export async function eraseApiSubscriber(prisma: Database, actor: Actor, idOrEmail: string): Promise<ApiResult> {
  authorize(actor, "subscribers.manage");
  const publication = await getPublication(prisma);
  if (!publication) return noPublication;
  const found = await findSubscriber(prisma, publication.id, idOrEmail);
  if (!found) return notFound;
  return (await commands.eraseSubscriber(prisma, actor, { id: found.id })) ? { status: 204 } : notFound;
}
