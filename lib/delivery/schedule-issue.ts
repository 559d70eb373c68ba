import type { ContentProblem } from "../blocks/parse-blocks.ts";
import type { Database } from "../db/client";
import { checkIssueBeforeSend } from "../issues/check-issue.ts";
import { storedAudienceIs, type ConfirmedAudience } from "../tags/segment.ts";
import { loadIssueView } from "./load-issue-view.ts";

export type ScheduleResult =
  | { scheduled: true; at: Date }
  | { scheduled: false; reason: "not-found" | "in-the-past" | "audience-changed" }
  /** Saved since the version the member reviewed, or during the checks: what goes out is what was checked. */
  | { scheduled: false; reason: "stale" }
  | { scheduled: false; reason: "not-schedulable"; status: string }
  | { scheduled: false; reason: "checks-failed"; problems: ContentProblem[] };

/**
 * Schedules a draft (or moves a scheduled issue to a new time). The checks
 * run now, so problems show while there is time to fix them; they run again
 * when the send starts. With `audience` (the segment the member saw), the
 * UPDATE schedules only if it is still the issue's segment, as a send now does.
 */
export async function scheduleIssue(
  prisma: Database,
  options: { issueId: string; at: Date; now?: Date; audience?: ConfirmedAudience; expectedVersion?: number },
): Promise<ScheduleResult> {
  const now = options.now ?? new Date();
  if (options.at.getTime() < now.getTime() - 60_000) return { scheduled: false, reason: "in-the-past" };
  const found = await loadIssueView(prisma, options.issueId);
  if (!found) return { scheduled: false, reason: "not-found" };
  if (options.expectedVersion !== undefined && found.issue.version !== options.expectedVersion) return { scheduled: false, reason: "stale" };
  const problems = await checkIssueBeforeSend(found.view);
  if (problems.length > 0) return { scheduled: false, reason: "checks-failed", problems };
  // The segment is read by this UPDATE, so one changed during the checks above is either before it or refused.
  const updated = await prisma.$executeRaw`
    UPDATE "Issue" SET "status" = 'scheduled', "scheduledAt" = ${options.at}, "updatedAt" = ${now}
    WHERE "id" = ${options.issueId} AND "status" IN ('draft', 'scheduled') AND "version" = ${found.issue.version} AND ${storedAudienceIs(options.audience)}`;
  if (updated === 1) return { scheduled: true, at: options.at };
  const current = await prisma.issue.findUnique({ where: { id: options.issueId }, select: { status: true, version: true } });
  const schedulable = current?.status === "draft" || current?.status === "scheduled";
  if (schedulable && current.version !== found.issue.version) return { scheduled: false, reason: "stale" };
  if (options.audience && schedulable) return { scheduled: false, reason: "audience-changed" };
  return { scheduled: false, reason: "not-schedulable", status: current?.status ?? "deleted" };
}

/** Back to draft; a schedule that already started is a send, and `cancelSend` stops it. */
export async function cancelSchedule(prisma: Database, options: { issueId: string }): Promise<boolean> {
  const updated = await prisma.issue.updateMany({ where: { id: options.issueId, status: "scheduled" }, data: { status: "draft", scheduledAt: null } });
  return updated.count === 1;
}

/**
 * Stops a send: no new batch is claimed for a canceled issue. Batches already
 * handed to the provider finish and are recorded; queued rows stay queued,
 * so the ledger shows exactly who got it.
 */
export async function cancelSend(prisma: Database, options: { issueId: string }): Promise<boolean> {
  const updated = await prisma.issue.updateMany({ where: { id: options.issueId, status: "sending" }, data: { status: "canceled" } });
  return updated.count === 1;
}
