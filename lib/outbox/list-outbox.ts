import type { Database } from "../db/client";

export const OUTBOX_PER_PAGE = 50;

/** The built-in transport's mail, newest first; `to` narrows to one address. */
export async function listOutbox(prisma: Database, options: { page?: number; to?: string }) {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const where = options.to?.trim() ? { toAddress: { contains: options.to.trim(), mode: "insensitive" as const } } : {};
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
