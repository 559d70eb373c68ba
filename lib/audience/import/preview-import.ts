import type { Database } from "../../db/client";
import { existingSubscribers } from "./existing-subscribers.ts";
import { inChunks, scanRows, type ImportFile } from "./scan-rows.ts";

/** How many row errors a job keeps to show; the counts cover all of them. */
export const MAX_ROW_ERRORS = 200;

export type RowError = { row: number; reason: string };
export type ImportCounts = { totalRows: number; validRows: number; invalidRows: number; duplicateRows: number; unsubscribedRows: number; suppressedRows: number };

/**
 * The dry run: reads the whole file as the import will, and counts valid,
 * invalid and duplicate rows, and the valid ones whose address is already
 * unsubscribed or suppressed here (those stay as they are, consent or
 * not). Writes nothing.
 */
export async function previewImport(prisma: Database, publicationId: string, input: ImportFile): Promise<ImportCounts & { errors: RowError[] }> {
  const counts: ImportCounts = { totalRows: 0, validRows: 0, invalidRows: 0, duplicateRows: 0, unsubscribedRows: 0, suppressedRows: 0 };
  const errors: RowError[] = [];
  for await (const chunk of inChunks(scanRows(input), 5000)) {
    const valid: string[] = [];
    for (const row of chunk) {
      counts.totalRows += 1;
      if (row.outcome === "valid") {
        counts.validRows += 1;
        valid.push(row.value.key);
      } else if (row.outcome === "duplicate") counts.duplicateRows += 1;
      else {
        counts.invalidRows += 1;
        if (errors.length < MAX_ROW_ERRORS) errors.push({ row: row.row, reason: row.reason });
      }
    }
    for (const existing of (await existingSubscribers(prisma, publicationId, valid)).values()) {
      if (existing.status === "unsubscribed") counts.unsubscribedRows += 1;
      if (existing.status === "bounced" || existing.status === "complained") counts.suppressedRows += 1;
    }
  }
  return { ...counts, errors };
}
