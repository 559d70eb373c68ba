import type { Prisma } from "../db/generated/client";
import type { Database } from "../db/client";
import type { Actor } from "../auth/permissions.ts";
import { clampPage } from "../web/clamp-page.ts";
import { likeLiteral } from "../db/like-literal.ts";

export const OUTBOX_PER_PAGE = 50;
/** Deeper pages are clamped to this (lib/web/clamp-page.ts): 5,000,000 messages. */
export const OUTBOX_PAGE_MAX = 100_000;

/**
 * Which outbox messages a member may read. Issue emails: owners and editors
 * (they send them). Other mail (sign-in links, invitations, tests): owners,
 * and each member their own, since a sign-in link is a way into its
 * addressee's account.
 */
export function outboxScope(actor: Actor): Prisma.OutboxMessageWhereInput {
  return actor.role === "owner" ? {} : { OR: [{ deliveryId: { not: null } }, { toAddress: actor.email }] };
}

/** The built-in transport's mail, newest first; `to` narrows to one address. */
export async function listOutbox(prisma: Database, actor: Actor, options: { page?: number; to?: string }) {
  const page = clampPage(options.page, OUTBOX_PAGE_MAX);
  const where: Prisma.OutboxMessageWhereInput = {
    AND: [outboxScope(actor), options.to?.trim() ? { toAddress: { contains: likeLiteral(options.to.trim()), mode: "insensitive" } } : {}],
  };
  const [messages, total] = await Promise.all([
    prisma.outboxMessage.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * OUTBOX_PER_PAGE,
      take: OUTBOX_PER_PAGE,
      select: { id: true, toAddress: true, subject: true, createdAt: true, deliveryId: true },
    }),
    prisma.outboxMessage.count({ where }),
  ]);
  return { messages, total, page, pages: Math.max(1, Math.ceil(total / OUTBOX_PER_PAGE)) };
}

export async function getOutboxMessage(prisma: Database, actor: Actor, id: string) {
  return prisma.outboxMessage.findFirst({ where: { AND: [{ id }, outboxScope(actor)] } });
}
