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
};

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
  return {
    status: issue.status,
    ...counts,
    ratePerSecond,
    etaSeconds: remaining === 0 ? 0 : ratePerSecond > 0 ? Math.ceil(remaining / ratePerSecond) : null,
  };
}
