import type { ImportMapping } from "./mapping.ts";
import { parseRow, type ImportRow } from "./parse-row.ts";
import { decodeAs, readCsvRecords, type CsvDelimiter, type CsvEncoding } from "./read-csv.ts";

export type ScannedRow = { row: number; outcome: "valid"; value: ImportRow } | { row: number; outcome: "invalid"; reason: string } | { row: number; outcome: "duplicate" };

export type ImportFile = { file: Uint8Array; encoding: CsvEncoding; delimiter: CsvDelimiter; columnCount: number; mapping: ImportMapping };

/**
 * Every data row of the file, in order, as valid, invalid (with the reason)
 * or a duplicate of an address earlier in the file (the first one wins).
 * Rows with every cell blank (a spreadsheet's trailing ",,,") are left out.
 * The preview and the import read the file through this one function, so
 * they count alike.
 */
export async function* scanRows(input: ImportFile, now = new Date()): AsyncGenerator<ScannedRow> {
  const seen = new Set<string>();
  let header = true;
  for await (const record of readCsvRecords(decodeAs(input.file, input.encoding), input.delimiter)) {
    if (header) {
      header = false;
      // A header the parser could not read is still the header: the mapping was chosen from it at upload.
      continue;
    }
    if (record.kind === "malformed") {
      yield { row: record.row, outcome: "invalid", reason: record.reason };
      continue;
    }
    if (record.fields.every((field) => field.trim() === "")) continue;
    const parsed = parseRow(record.fields, input.mapping, input.columnCount, now);
    if (!parsed.ok) yield { row: record.row, outcome: "invalid", reason: parsed.reason };
    else if (seen.has(parsed.value.key)) yield { row: record.row, outcome: "duplicate" };
    else {
      seen.add(parsed.value.key);
      yield { row: record.row, outcome: "valid", value: parsed.value };
    }
  }
}

/** Rows in groups of `size`, for batched queries. */
export async function* inChunks<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
