import type { Database } from "../db/client";

/** Over this window the send rate is measured; long enough to smooth batches, short enough to follow a stall. */
const RATE_WINDOW_MS = 60_000;

export type SendProgress = {
  status: string;
  total: number;
  sent: number;
  failed: number;
  queued: number;
  /** Claimed by a worker, in flight. */
  sending: number;
  skipped: number;
  /** Messages per second over the last minute. */
  ratePerSecond: number;
  /** Seconds until the queue is empty at the current rate; null when nothing is moving. */
  etaSeconds: number | null;
  /**
   * Of the failed rows of a partially failed send, those the provider may have taken all the same (they
   * kept their batch key: lib/delivery/retry-failed.ts), and when the first of them failed: "Retry failed"
   * sends them under their first keys, which Resend remembers for 24 hours.
   */
  maybeSent: { count: number; since: string | null; keysForgotten: boolean };
};

/** How long Resend remembers an idempotency key: a retry later than this may deliver twice. */
export const PROVIDER_KEY_HOURS = 24;

export type DeliveryCounts = Pick<SendProgress, "total" | "sent" | "failed" | "queued" | "sending" | "skipped">;

/** An issue's ledger rows by status (all zero before its send starts). */
export async function countDeliveries(prisma: Database, issueId: string): Promise<DeliveryCounts> {
  const groups = await prisma.delivery.groupBy({ by: ["status"], where: { issueId }, _count: { _all: true } });
  const count = (status: string) => groups.find((group) => group.status === status)?._count._all ?? 0;
  const [sent, failed, queued, sending, skipped] = [count("sent"), count("failed"), count("queued"), count("sending"), count("skipped")];
  return { total: sent + failed + queued + sending + skipped, sent, failed, queued, sending, skipped };
}

export async function getSendProgress(prisma: Database, issueId: string, now: Date = new Date()): Promise<SendProgress | null> {
  const issue = await prisma.issue.findUnique({ where: { id: issueId }, select: { status: true } });
  if (!issue) return null;
  const [counts, recent] = await Promise.all([
    countDeliveries(prisma, issueId),
    prisma.delivery.count({ where: { issueId, status: "sent", sentAt: { gte: new Date(now.getTime() - RATE_WINDOW_MS) } } }),
  ]);
  const ratePerSecond = recent / (RATE_WINDOW_MS / 1000);
  const remaining = counts.queued + counts.sending;
  // Only once the send has ended with failures: the tab polls every second while it runs.
  const maybeSent =
    issue.status === "partially_failed"
      ? await prisma.delivery.aggregate({ where: { issueId, status: "failed", batchKey: { not: null } }, _count: { _all: true }, _min: { updatedAt: true } })
      : null;
  return {
    status: issue.status,
    ...counts,
    ratePerSecond,
    etaSeconds: remaining === 0 ? 0 : ratePerSecond > 0 ? Math.ceil(remaining / ratePerSecond) : null,
    maybeSent: {
      count: maybeSent?._count._all ?? 0,
      since: maybeSent?._min.updatedAt?.toISOString() ?? null,
      keysForgotten: (maybeSent?._min.updatedAt?.getTime() ?? Infinity) + PROVIDER_KEY_HOURS * 3_600_000 < now.getTime(),
    },
  };
}
