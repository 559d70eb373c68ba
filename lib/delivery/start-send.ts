import type { ContentProblem } from "../blocks/parse-blocks.ts";
import type { Database } from "../db/client";
import { Prisma } from "../db/generated/client";
import { checkIssueBeforeSend } from "../issues/check-issue.ts";
import type { TagMatch } from "../db/generated/enums";
import { segmentCondition, storedAudienceIs, type ConfirmedAudience } from "../tags/segment.ts";
import { ledgerRowId } from "./ledger-row-id.ts";
import { loadIssueView } from "./load-issue-view.ts";

export type StartSendResult =
  | { started: true; recipients: number }
  | { started: false; reason: "not-found" }
  | { started: false; reason: "not-startable"; status: string }
  | { started: false; reason: "checks-failed"; problems: ContentProblem[] }
  | { started: false; reason: "audience-changed" }
  /** Saved since the version the member reviewed (`expectedVersion`), or during the checks: nothing unreviewed goes out. */
  | { started: false; reason: "stale" };

/**
 * Starts sending an issue: `draft|scheduled → sending` in one guarded UPDATE,
 * and, in the same transaction, one ledger row per active subscriber in the
 * issue's segment (lib/tags/segment.ts). That row set is the audience: nobody
 * who joins, is tagged, or is suppressed later changes it. A second start
 * finds the issue already sending and changes nothing.
 */
export async function startSend(
  prisma: Database,
  options: {
    issueId: string;
    now?: Date;
    audience?: ConfirmedAudience;
    /** The version the member reviewed: the send starts only from it. */
    expectedVersion?: number;
    /**
     * Started by the scheduler: only while the issue is still scheduled, for now or earlier. Its list of
     * due issues was read before this start, and an editor may have canceled or moved a schedule since.
     */
    dueOnly?: boolean;
  },
): Promise<StartSendResult> {
  const found = await loadIssueView(prisma, options.issueId);
  if (!found) return { started: false, reason: "not-found" };
  if (options.dueOnly ? found.issue.status !== "scheduled" : found.issue.status !== "draft" && found.issue.status !== "scheduled") {
    return { started: false, reason: "not-startable", status: found.issue.status };
  }
  if (options.expectedVersion !== undefined && found.issue.version !== options.expectedVersion) return { started: false, reason: "stale" };
  const problems = await checkIssueBeforeSend(found.view);
  if (problems.length > 0) return { started: false, reason: "checks-failed", problems };

  const now = options.now ?? new Date();
  const startable = options.dueOnly ? Prisma.sql`"status" = 'scheduled' AND "scheduledAt" <= ${now}` : Prisma.sql`"status" IN ('draft', 'scheduled')`;
  const result = await prisma.$transaction(async (tx) => {
    // The version check makes the checks above count: an edit since then means they were run on other content.
    // The segment is read by the claiming UPDATE itself, so a segment change racing the start is either before it or refused.
    const claimed = await tx.$queryRaw<{ audienceTagIds: string[]; audienceMatch: TagMatch }[]>`
      UPDATE "Issue" SET "status" = 'sending', "updatedAt" = ${now},
        -- When the send started (or was planned to): the email's date, and the base of its links' expiry.
        -- Sent now, ahead of a schedule, it is now: not the day it was planned for.
        "scheduledAt" = LEAST(COALESCE("scheduledAt", ${now}), ${now})
      WHERE "id" = ${options.issueId} AND ${startable} AND "version" = ${found.issue.version}
        -- The audience the member confirmed, if any: the send starts only if it is still the stored one.
        AND ${storedAudienceIs(options.audience)}
      RETURNING "audienceTagIds", "audienceMatch"::text AS "audienceMatch"`;
    const segment = claimed[0];
    if (!segment) {
      const current = await tx.issue.findUnique({ where: { id: options.issueId }, select: { status: true, version: true } });
      const startable = current && (options.dueOnly ? current.status === "scheduled" : current.status === "draft" || current.status === "scheduled");
      if (startable && current.version !== found.issue.version) return { started: false as const, reason: "stale" as const };
      if (options.audience && startable) return { started: false as const, reason: "audience-changed" as const };
      return { started: false as const, reason: "not-startable" as const, status: current?.status ?? "deleted" };
    }
    // A web-only issue has no audience: the worker finds nothing to send and publishes it.
    if (found.issue.channel === "web_only") return { started: true as const, recipients: 0 };
    // Rows are numbered as they are inserted, and their ids follow that order (lib/delivery/ledger-row-id.ts).
    const recipients = await tx.$executeRaw`
      INSERT INTO "Delivery" ("id", "issueId", "subscriberId", "updatedAt")
      SELECT ${ledgerRowId(now, Prisma.sql`numbered."n"`)}, ${options.issueId}, numbered."id", now()
      FROM (
        SELECT s."id", row_number() OVER () - 1 AS "n"
        FROM "Subscriber" s
        WHERE ${segmentCondition({ publicationId: found.issue.publicationId, ...segment })}
      ) numbered
      ON CONFLICT ("issueId", "subscriberId") DO NOTHING`;
    return { started: true as const, recipients };
    // The snapshot is one INSERT … SELECT, but 100,000 rows take longer than Prisma's 5 s default on PGlite.
  }, { timeout: 300_000, maxWait: 30_000 });
  if (result.started && result.recipients > 0) await refreshDeliveryStatistics(prisma);
  return result;
}

/**
 * The planner's statistics on Delivery, brought up to date after the snapshot, as after any bulk
 * load. Without them it takes the issue's new rows for a handful (PGlite never analyzes on its own;
 * a server's autovacuum may not have come by yet) and plans the claims of lib/delivery/claim-batch.ts
 * as "read every queued row of the issue and sort them": a claim then costs as much as the whole
 * send, and the send is quadratic in its size. ANALYZE reads a fixed-size sample (tens of ms).
 * Statistics are an optimisation: a role that may not analyze the table is told so, and the send goes on.
 */
async function refreshDeliveryStatistics(prisma: Database) {
  try {
    await prisma.$executeRaw`ANALYZE "Delivery"`;
  } catch (error) {
    console.warn(`ANALYZE "Delivery" failed; claims may be slow for this send: ${error instanceof Error ? error.message : String(error)}`);
  }
}
