import type { Database } from "@/lib/db/client";
import type { Transport } from "@/lib/delivery/transport";

/**
 * A worker's database that counts its idle looks: a look ends with the scheduled sends that are due
 * (lib/delivery/start-due-sends.ts), counted once answered, so the loop has decided what next by the
 * time a test sees the count.
 */
export function countingIdleLooks(prisma: Database) {
  const count = { looks: 0 };
  const database = prisma.$extends({
    query: {
      issue: {
        async findMany({ args, query }) {
          const answer = await query(args);
          if (args.where?.status === "scheduled") count.looks++;
          return answer;
        },
      },
    },
  }) as unknown as Database;
  return { database, count };
}

/**
 * A worker's database with one import's first progress write held until `release()`: that import is
 * then claimed, its first rows written, and still running (`held` resolves then). Everything else
 * goes straight through.
 */
export function holdingImportProgress(prisma: Database, jobId: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let holding!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const database = prisma.$extends({
    query: {
      importJob: {
        async update({ args, query }) {
          if (args.where.id === jobId) {
            holding();
            await gate;
          }
          return query(args);
        },
      },
    },
  }) as unknown as Database;
  return { database, held, release };
}

/** A transport that holds every batch until `letGo()`, then hands it to `inner`; `inFlight()` counts those held. */
export function holdingTransport(inner: Transport) {
  let held = 0;
  let letGo!: () => void;
  const gate = new Promise<void>((resolve) => (letGo = resolve));
  const transport: Transport = {
    name: inner.name,
    async sendBatch(messages, options) {
      held++;
      await gate;
      held--;
      return inner.sendBatch(messages, options);
    },
  };
  return { transport, inFlight: () => held, letGo };
}
