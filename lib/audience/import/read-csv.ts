import { Readable } from "node:stream";
import { parse, type Options } from "csv-parse";

export type CsvEncoding = "utf-8" | "windows-1252";
export type CsvDelimiter = "," | ";" | "\t";
export const DELIMITERS: readonly CsvDelimiter[] = [",", ";", "\t"];

/** The largest file an import accepts (its upload route reads a body a little larger, for the form's framing). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The file's text. UTF-8 (with or without a byte-order mark) when the bytes
 * are valid UTF-8; otherwise Windows-1252, which is what spreadsheet programs
 * write as "ANSI" or "Latin-1" (WHATWG's "latin1" label is the same table,
 * with curly quotes and € where ISO-8859-1 has control codes).
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const hasBom = UTF8_BOM.every((byte, index) => bytes[index] === byte);
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body), encoding: "utf-8" };
  } catch {
    return { text: decodeWindows1252(body), encoding: "windows-1252" };
  }
}

/** Decodes with an encoding chosen earlier (the one detected at upload). */
export function decodeAs(bytes: Uint8Array, encoding: CsvEncoding): string {
  if (encoding === "windows-1252") return decodeWindows1252(bytes);
  const hasBom = UTF8_BOM.every((byte, index) => bytes[index] === byte);
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(hasBom ? bytes.subarray(3) : bytes);
}

// Bytes 0x80–0x9F in Windows-1252 (€, curly quotes, dashes, Š, Ž, Ÿ…). Node 20's TextDecoder decodes
// "windows-1252" as ISO-8859-1 and leaves them as C1 control codes (nodejs/node#56542), so they are
// mapped here; the five bytes Windows-1252 leaves undefined stay as they are.
const C1_TO_WINDOWS_1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder("windows-1252").decode(bytes).replace(/[\u0080-\u009f]/g, (char) => C1_TO_WINDOWS_1252[char.charCodeAt(0) - 0x80]!);
}

/**
 * The delimiter is the candidate that appears most often outside quotes in
 * the header line; a file with one column has none, and is read as commas.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(DELIMITERS.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && counts.has(char as CsvDelimiter)) counts.set(char as CsvDelimiter, counts.get(char as CsvDelimiter)! + 1);
  }
  let best: CsvDelimiter = ",";
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

export type CsvRecord = { kind: "record"; row: number; fields: string[] } | { kind: "malformed"; row: number; reason: string };

type Broken = { row: number; reason: string; startLine: number };

/**
 * The file's records, streamed through csv-parse, numbered as a spreadsheet
 * numbers its rows (the header is row 1; a quoted field with line breaks is
 * still one row). A record the parser cannot read (a stray or unclosed quote)
 * comes out as "malformed" with the reason, and reading goes on at the next
 * line: csv-parse's own skipping stays inside the broken quote and would
 * swallow the rest of the file, so a fresh parser starts after the bad line.
 */
export async function* readCsvRecords(text: string, delimiter: CsvDelimiter): AsyncGenerator<CsvRecord> {
  const newline = text.includes("\n") || !text.includes("\r") ? "\n" : "\r";
  let offset = 0;
  let row = 0;
  while (offset < text.length) {
    const broken = yield* readUntilBroken(text, offset, delimiter, row);
    if (!broken) return;
    yield { kind: "malformed", row: broken.row, reason: broken.reason };
    row = broken.row;
    offset = lineOffset(text, offset, broken.startLine, newline);
    // Blank lines before the bad record are not it; the bad record's first line is skipped.
    while (offset < text.length && (text[offset] === newline || text.startsWith("\r\n", offset))) offset += text[offset] === "\r" ? 2 : 1;
    offset = lineOffset(text, offset, 2, newline);
  }
}

/** Records from `offset` until the end (null) or the first one the parser cannot read. */
async function* readUntilBroken(text: string, offset: number, delimiter: CsvDelimiter, firstRow: number): AsyncGenerator<CsvRecord, Broken | null> {
  // on_record and on_skip run inside the parser in file order, so the row counter they share is exact.
  let row = firstRow;
  let lastEndLine = 0;
  let broken: Broken | null = null;
  const options: Options<{ row: number; fields: string[] }, string[]> = {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      broken ??= { row: row + 1, reason: describeParseError(error?.message ?? "unreadable"), startLine: lastEndLine + 1 };
      return undefined;
    },
    on_record: (fields, context) => {
      if (broken) return null;
      row += 1;
      lastEndLine = context.lines;
      return { row, fields };
    },
  };
  // csv-parse's non-generic overload types records as string[]; on_record above makes them numbered.
  const parser = Readable.from(chunks(text, offset)).pipe(parse(options as unknown as Options));
  try {
    for await (const record of parser as AsyncIterable<{ row: number; fields: string[] }>) {
      if (broken !== null && record.row > (broken as Broken).row) break;
      yield { kind: "record", row: record.row, fields: record.fields };
    }
  } finally {
    parser.destroy();
  }
  return broken;
}

/** Where line `line` (1-based, counted from `offset`) begins; the end of the text when it has fewer lines. */
function lineOffset(text: string, offset: number, line: number, newline: string): number {
  let at = offset;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf(newline, at);
    if (next === -1) return text.length;
    at = next + 1;
  }
  return at;
}

/** The text in pieces, so the parser works as it would on a file read from disk. */
function* chunks(text: string, from: number, size = 64 * 1024) {
  for (let at = from; at < text.length; at += size) yield text.slice(at, at + size);
}

function describeParseError(message: string): string {
  if (message.startsWith("Quote Not Closed")) return "a quote opens in this row and is never closed";
  if (message.startsWith("Invalid Closing Quote")) return "a quoted field has text after its closing quote (a quote inside a field must be doubled: \"\")";
  if (message.startsWith("Invalid Opening Quote")) return "a quote appears in the middle of an unquoted field";
  return `the row could not be read (${message.split(":")[0]})`;
}
