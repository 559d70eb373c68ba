import type { Database } from "../../db/client";
import { existingSubscribers } from "./existing-subscribers.ts";
import type { ImportRow } from "./parse-row.ts";
import { inChunks, scanRows, type ImportFile } from "./scan-rows.ts";

/** How many row errors a job keeps to show; the counts cover all of them. */
export const MAX_ROW_ERRORS = 200;

export type RowError = { row: number; reason: string };
export type ImportCounts = {
  totalRows: number;
  validRows: number;
  invalidRows: number;
  duplicateRows: number;
  unsubscribedRows: number;
  suppressedRows: number;
  markedUnsubscribedRows: number;
  markedSuppressedRows: number;
};

/**
 * The dry run: reads the whole file as the import will, and counts valid,
 * invalid and duplicate rows; the valid ones whose address is already
 * unsubscribed or suppressed here (those stay as they are, consent or not);
 * and, of the others, those the file's status column marks unsubscribed, or
 * bounced or complained (spam), which the import adds or moves so. Writes
 * nothing.
 */
export async function previewImport(prisma: Database, publicationId: string, input: ImportFile): Promise<ImportCounts & { errors: RowError[] }> {
  const counts: ImportCounts = { totalRows: 0, validRows: 0, invalidRows: 0, duplicateRows: 0, unsubscribedRows: 0, suppressedRows: 0, markedUnsubscribedRows: 0, markedSuppressedRows: 0 };
  const errors: RowError[] = [];
  for await (const chunk of inChunks(scanRows(input), 5000)) {
    const valid: ImportRow[] = [];
    for (const row of chunk) {
      counts.totalRows += 1;
      if (row.outcome === "valid") {
        counts.validRows += 1;
        valid.push(row.value);
      } else if (row.outcome === "duplicate") counts.duplicateRows += 1;
      else {
        counts.invalidRows += 1;
        if (errors.length < MAX_ROW_ERRORS) errors.push({ row: row.row, reason: row.reason });
      }
    }
    const existing = await existingSubscribers(prisma, publicationId, valid.map((row) => row.key));
    for (const row of valid) {
      const here = existing.get(row.key)?.status;
      if (here === "unsubscribed") counts.unsubscribedRows += 1;
      else if (here === "bounced" || here === "complained") counts.suppressedRows += 1;
      else if (row.status === "unsubscribed") counts.markedUnsubscribedRows += 1;
      else if (row.status === "bounced" || row.status === "complained") counts.markedSuppressedRows += 1;
    }
  }
  return { ...counts, errors };
}
