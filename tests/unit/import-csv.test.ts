import { describe, expect, it } from "vitest";
import { guessMapping } from "@/lib/audience/import/mapping";
import { decodeCsv, detectDelimiter, readCsvRecords } from "@/lib/audience/import/read-csv";

async function records(text: string, delimiter: "," | ";" | "\t" = ",") {
  const out = [];
  for await (const record of readCsvRecords(text, delimiter)) out.push(record);
  return out;
}

describe("reading an uploaded CSV", () => {
  it("strips a UTF-8 byte-order mark and reads UTF-8 as UTF-8", () => {
    expect(decodeCsv(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("email,naïve")]))).toEqual({ text: "email,naïve", encoding: "utf-8" });
  });

  it("reads bytes that are not UTF-8 as Windows-1252, including its € and curly quotes at 0x80–0x9F", () => {
    expect(decodeCsv(Uint8Array.from([0x80, 0x20, 0x93, 0x71, 0x94, 0x20, 0xe9, 0x9f, 0x81]))).toEqual({ text: "€ “q” éŸ\u0081", encoding: "windows-1252" });
  });

  it("detects the delimiter from the header line, ignoring delimiters inside quotes", () => {
    expect(detectDelimiter("email;name;tags\na,b;c")).toBe(";");
    expect(detectDelimiter("email\tname\n")).toBe("\t");
    expect(detectDelimiter('"last; first",email,tags\n')).toBe(",");
    expect(detectDelimiter("email\nx@y.z")).toBe(",");
  });

  it("numbers rows as a spreadsheet does: a quoted field with line breaks is one row, blank lines are not rows", async () => {
    expect(await records('email,note\r\n\r\na@x.io,"two\r\nlines"\r\nb@x.io,ok\r\n')).toEqual([
      { kind: "record", row: 1, fields: ["email", "note"] },
      { kind: "record", row: 2, fields: ["a@x.io", "two\r\nlines"] },
      { kind: "record", row: 3, fields: ["b@x.io", "ok"] },
    ]);
  });

  it("reports a stray quote as a malformed row and reads on from the next line", async () => {
    expect(await records('email;name\na@x.io;"A"b\nc@x.io;C\n', ";")).toEqual([
      { kind: "record", row: 1, fields: ["email", "name"] },
      { kind: "malformed", row: 2, reason: 'a quoted field has text after its closing quote (a quote inside a field must be doubled: "")' },
      { kind: "record", row: 3, fields: ["c@x.io", "C"] },
    ]);
  });

  it("guesses the mapping from common header names", () => {
    expect(guessMapping(["Subscriber Name", "E-mail", "Tags", "Signup Date"])).toEqual({ email: 1, name: 0, tags: 2, createdAt: 3, status: null });
    expect(guessMapping(["Work mail", "Company"])).toEqual({ email: 0, name: null, tags: null, createdAt: null, status: null });
    expect(guessMapping(["Company"])).toEqual({ email: -1, name: null, tags: null, createdAt: null, status: null });
  });
});
