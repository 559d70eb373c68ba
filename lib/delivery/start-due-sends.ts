import { describeProblem } from "../blocks/parse-blocks.ts";
import type { Database } from "../db/client";
import { startSend, type StartSendResult } from "./start-send.ts";

/**
 * The scheduler, run by every worker on each idle tick: starts the scheduled
 * issues whose time has come. Several workers may find the same issue; the
 * guarded UPDATE in startSend lets exactly one of them start it, and only
 * while it is still due: a schedule canceled or moved after the list was read
 * is not started.
 */
export async function startDueSends(prisma: Database, now: Date = new Date()): Promise<{ issueId: string; result: StartSendResult }[]> {
  const due = await prisma.issue.findMany({ where: { status: "scheduled", scheduledAt: { lte: now } }, select: { id: true }, orderBy: { scheduledAt: "asc" } });
  const started = [];
  for (const { id } of due) {
    const result = await startSend(prisma, { issueId: id, now, dueOnly: true });
    // Content that no longer passes its checks goes back to draft, so the editor sees it did not go out.
    if (!result.started && result.reason === "checks-failed") {
      await prisma.issue.updateMany({ where: { id, status: "scheduled", scheduledAt: { lte: now } }, data: { status: "draft", scheduledAt: null } });
      console.error(`Scheduled issue ${id} failed its checks and went back to draft:\n${result.problems.map(describeProblem).join("\n")}`);
    }
    started.push({ issueId: id, result });
  }
  return started;
}
