import { describe, expect, it } from "vitest";
import { parseRow } from "@/lib/audience/import/parse-row";

const mapping = { email: 0, name: null, tags: null, createdAt: 1 };
const now = new Date("2026-12-01T12:00:00Z");
const created = (date: string) => parseRow(["ada@mail.example.com", date], mapping, 2, now);

describe("an imported row's created date", () => {
  it("reads dates as written, with or without a time and a zone", () => {
    expect(created("2024-02-29")).toMatchObject({ ok: true, value: { createdAt: new Date("2024-02-29T00:00:00Z") } });
    expect(created("2024-03-01T10:30:00Z")).toMatchObject({ ok: true, value: { createdAt: new Date("2024-03-01T10:30:00Z") } });
    expect(created("2024-03-01 10:30+02:00")).toMatchObject({ ok: true, value: { createdAt: new Date("2024-03-01T08:30:00Z") } });
    expect(created("1900-01-01")).toMatchObject({ ok: true, value: { createdAt: new Date("1900-01-01T00:00:00Z") } });
    // A zone ahead of the server's may put today's sign-up a few hours "ahead": a day's grace.
    expect(created("2026-12-02")).toMatchObject({ ok: true });
  });

  it("refuses a day or time that does not exist, rather than rolling it over into the next month or day", () => {
    expect(created("2024-02-30")).toEqual({ ok: false, reason: 'the created date "2024-02-30" does not exist (there is no such day in that month)' });
    expect(created("2023-02-29")).toMatchObject({ ok: false, reason: expect.stringContaining("does not exist") });
    expect(created("2024-04-31T08:00Z")).toMatchObject({ ok: false, reason: expect.stringContaining("does not exist") });
    expect(created("2024-03-01T24:00")).toEqual({ ok: false, reason: 'the created date "2024-03-01T24:00" does not exist (there is no such time of day)' });
    expect(created("2024-13-01")).toMatchObject({ ok: false, reason: expect.stringContaining("does not exist") });
  });

  it("refuses dates before 1900, which the database may not even store (year 0), as a row error", () => {
    expect(created("0000-01-01")).toEqual({ ok: false, reason: 'the created date "0000-01-01" is before 1900 (a placeholder or a typo?)' });
    // Written as year 1, but its zone puts the instant in year 0.
    expect(created("0001-01-01T00:00+01:00")).toMatchObject({ ok: false, reason: expect.stringContaining("before 1900") });
    expect(created("1899-12-30")).toMatchObject({ ok: false, reason: expect.stringContaining("before 1900") });
  });

  it("refuses dates more than a day in the future", () => {
    expect(created("2026-12-03")).toEqual({ ok: false, reason: "the created date 2026-12-03 is in the future" });
    expect(created("9999-12-31")).toMatchObject({ ok: false, reason: expect.stringContaining("in the future") });
  });
});
