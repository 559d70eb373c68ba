import { z } from "zod";
import type { Database } from "../db/client";
import { invalid, type Invalid } from "../forms/field-errors.ts";
import { SUBSCRIBER_ENGAGEMENTS, subscriberWhere, SUBSCRIBER_STATUSES } from "./list-subscribers.ts";

const CHUNK = 5_000;

const input = z.object({
  tagId: z.string().min(1, "is required"),
  action: z.enum(["add", "remove"]),
  /** Chosen rows, or every subscriber the filter matches (the whole view, every page of it). */
  scope: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("selected"), ids: z.array(z.string().min(1).max(64)).max(1_000) }),
    z.object({
      kind: z.literal("filter"),
      status: z.enum(SUBSCRIBER_STATUSES).optional(),
      query: z.string().trim().max(200).optional(),
      tagId: z.string().max(64).optional(),
      engagement: z.enum(SUBSCRIBER_ENGAGEMENTS).optional(),
    }),
  ]),
});

export type TagSubscribersInput = z.input<typeof input>;
export type TagSubscribersResult = { ok: true; changed: number } | { ok: false; reason: "not-found" } | { ok: false; reason: "none-ticked"; message: string } | Invalid;

/**
 * Adds a tag to, or removes it from, some subscribers: the ticked rows or the
 * whole filtered view. Erased rows are left alone. Adding walks the view by
 * id in chunks, so tagging 100,000 people never holds them all in memory or
 * in one statement; a row tagged already stays as it was.
 */
export async function tagSubscribers(prisma: Database, raw: unknown): Promise<TagSubscribersResult> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { tagId, action, scope } = parsed.data;
  // Shown to the editor as it is (app/editor/actions.ts), so a sentence, not a field name and a problem.
  if (scope.kind === "selected" && scope.ids.length === 0) return { ok: false, reason: "none-ticked", message: `Tick at least one subscriber to ${action === "add" ? "tag" : "untag"}.` };
  const tag = await prisma.tag.findUnique({ where: { id: tagId }, select: { publicationId: true } });
  if (!tag) return { ok: false, reason: "not-found" };
  const where = {
    AND: [
      scope.kind === "selected"
        ? { publicationId: tag.publicationId, id: { in: scope.ids } }
        : subscriberWhere({ publicationId: tag.publicationId, status: scope.status, query: scope.query, tagId: scope.tagId || undefined, engagement: scope.engagement }),
      { NOT: { source: "erased" } },
    ],
  };
  if (action === "remove") {
    const { count } = await prisma.subscriberTag.deleteMany({ where: { tagId, subscriber: where } });
    return { ok: true, changed: count };
  }
  let changed = 0;
  let after: string | undefined;
  for (;;) {
    const rows = await prisma.subscriber.findMany({ where, orderBy: { id: "asc" }, take: CHUNK, ...(after ? { cursor: { id: after }, skip: 1 } : {}), select: { id: true } });
    if (rows.length > 0) changed += (await prisma.subscriberTag.createMany({ data: rows.map((row) => ({ subscriberId: row.id, tagId })), skipDuplicates: true })).count;
    if (rows.length < CHUNK) break;
    after = rows.at(-1)!.id;
  }
  return { ok: true, changed };
}
