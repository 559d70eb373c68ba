import type { Database } from "../../db/client";
import { MAX_BATCH, type OutgoingMessage, type SendResult, type Transport } from "../transport.ts";

/**
 * The default transport: messages are stored, not mailed, and the editor's
 * Outbox page shows them. A message for a ledger row is stored once, however
 * often the batch is retried (UNIQUE deliveryId), which is this transport's
 * idempotency.
 */
export function createOutboxTransport(prisma: Database): Transport {
  return {
    name: "outbox",
    async sendBatch(messages: OutgoingMessage[], { idempotencyKey }): Promise<SendResult[]> {
      if (messages.length > MAX_BATCH) throw new Error(`A batch holds at most ${MAX_BATCH} messages, got ${messages.length}.`);
      const rows = messages.map((message) => ({
        deliveryId: message.deliveryId ?? null,
        idempotencyKey,
        fromAddress: message.from,
        toAddress: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: message.replyTo ? { ...message.headers, "Reply-To": message.replyTo } : message.headers,
      }));
      const withDelivery = rows.filter((row) => row.deliveryId !== null);
      const loose = rows.filter((row) => row.deliveryId === null);
      await prisma.outboxMessage.createMany({ data: withDelivery, skipDuplicates: true });
      const stored = new Map(
        (await prisma.outboxMessage.findMany({
          where: { deliveryId: { in: withDelivery.map((row) => row.deliveryId!) } },
          select: { id: true, deliveryId: true },
        })).map((row) => [row.deliveryId, row.id]),
      );
      const looseIds = await Promise.all(loose.map((row) => prisma.outboxMessage.create({ data: row, select: { id: true } })));
      let nextLoose = 0;
      return rows.map((row): SendResult => {
        const id = row.deliveryId === null ? looseIds[nextLoose++]?.id : stored.get(row.deliveryId);
        return id ? { ok: true, providerMessageId: `outbox:${id}` } : { ok: false, error: "not stored", retryable: true };
      });
    },
  };
}
