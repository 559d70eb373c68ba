import { beforeEach, describe, expect, it } from "vitest";
import { ARCHIVE_PAGE_MAX, ARCHIVE_PER_PAGE, ARCHIVE_YEARS, listArchive, listArchiveYears } from "@/lib/archive/list-archive";
import { getAdjacentIssues } from "@/lib/issues/get-adjacent-issues";
import { ISSUES_PAGE_MAX, listEditorIssues } from "@/lib/issues/list-editor-issues";
import { listOutbox, OUTBOX_PAGE_MAX } from "@/lib/outbox/list-outbox";
import { resetDatabase, testDb } from "../helpers/db";
import { createIssue, createPublication } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);

async function published(publicationId: string, number: number, at: string) {
  return createIssue(prisma, { publicationId, number, slug: `issue-${number}`, status: "sent", sentAt: new Date(at), publishedAt: new Date(at) });
}

describe("the archive", () => {
  it("pages through sent issues newest first, by year in the publication's zone, without drafts", async () => {
    const publication = await createPublication(prisma, { timezone: "Pacific/Auckland" });
    for (let n = 1; n <= ARCHIVE_PER_PAGE + 5; n++) await published(publication.id, n, `2025-0${1 + (n % 9)}-10T08:00:00Z`);
    // 31 Dec 2025 20:00 UTC is already 1 January 2026 in Auckland.
    await published(publication.id, 100, "2025-12-31T20:00:00Z");
    await createIssue(prisma, { publicationId: publication.id, number: 101, status: "draft" });
    await createIssue(prisma, { publicationId: publication.id, number: 102, status: "scheduled", scheduledAt: new Date("2026-12-01T08:00:00Z") });
    // Sent to subscribers only: never on the site, so neither in a page nor in a year's count.
    await createIssue(prisma, { publicationId: publication.id, number: 103, slug: "inbox-only", status: "sent", channel: "email_only", sentAt: new Date("2025-03-10T08:00:00Z"), publishedAt: new Date("2025-03-10T08:00:00Z") });

    const options = { publicationId: publication.id, timezone: publication.timezone };
    expect(await listArchiveYears(prisma, options)).toEqual([
      { year: 2026, count: 1 },
      { year: 2025, count: ARCHIVE_PER_PAGE + 5 },
    ]);
    const first = await listArchive(prisma, options);
    expect(first).toMatchObject({ total: ARCHIVE_PER_PAGE + 6, pages: 2, page: 1 });
    expect(first.issues[0]!.number).toBe(100);
    const second = await listArchive(prisma, { ...options, page: 2 });
    // Page one holds #100 and #25…#7; page two the rest.
    expect(second.issues.map((issue) => issue.number)).toEqual([6, 5, 4, 3, 2, 1]);
    expect((await listArchive(prisma, { ...options, year: 2026 })).issues.map((issue) => issue.number)).toEqual([100]);
    expect((await listArchive(prisma, { ...options, year: 2025 })).total).toBe(ARCHIVE_PER_PAGE + 5);
  });

  it("clamps a page number from the URL that no query could skip to (Infinity, 1e20), and reads the first page for less than one", async () => {
    const publication = await createPublication(prisma);
    await published(publication.id, 1, "2026-01-05T08:00:00Z");
    const options = { publicationId: publication.id, timezone: publication.timezone };
    for (const page of [Infinity, 1e20, ARCHIVE_PAGE_MAX + 1]) {
      expect(await listArchive(prisma, { ...options, page }), String(page)).toMatchObject({ page: ARCHIVE_PAGE_MAX, total: 1, pages: 1, issues: [] });
    }
    for (const page of [NaN, -Infinity, 0, undefined]) expect((await listArchive(prisma, { ...options, page })).issues.map((issue) => issue.number), String(page)).toEqual([1]);
  });

  it("lists no issues, rather than failing, for a year from the URL outside the years it can list (0001, 0999, 9999, 0)", async () => {
    const publication = await createPublication(prisma, { timezone: "Pacific/Auckland" });
    await published(publication.id, 1, "2026-01-05T08:00:00Z");
    const options = { publicationId: publication.id, timezone: publication.timezone };
    // Any four digits reach it from /archive?year=…, and any integer (or worse) from a caller.
    for (const year of [1, 999, 9999, 0, -1, ARCHIVE_YEARS.first - 1, ARCHIVE_YEARS.last + 1, 2026.5, NaN, Infinity, Number.MAX_SAFE_INTEGER]) {
      expect(await listArchive(prisma, { ...options, year }), String(year)).toEqual({ issues: [], total: 0, page: 1, pages: 1 });
    }
    // The first and last years it lists are read as years, from their first instant to the next year's.
    for (const year of [ARCHIVE_YEARS.first, ARCHIVE_YEARS.last]) expect(await listArchive(prisma, { ...options, year }), String(year)).toMatchObject({ total: 0, pages: 1 });
    expect((await listArchive(prisma, { ...options, year: 2026 })).issues.map((issue) => issue.number)).toEqual([1]);
  });

  it("clamps such a page number on the editor's issue list and outbox too", async () => {
    const publication = await createPublication(prisma);
    await published(publication.id, 1, "2026-01-05T08:00:00Z");
    const owner = { id: "owner", role: "owner" as const, email: "owner@example.com", name: null };
    for (const page of [Infinity, 1e20]) {
      expect(await listEditorIssues(prisma, { publicationId: publication.id, tab: "sent", page }), String(page)).toMatchObject({ page: ISSUES_PAGE_MAX, issues: [] });
      expect(await listOutbox(prisma, owner, { page }), String(page)).toMatchObject({ page: OUTBOX_PAGE_MAX, messages: [] });
    }
    expect((await listEditorIssues(prisma, { publicationId: publication.id, tab: "sent", page: NaN })).issues.map((issue) => issue.number)).toEqual([1]);
  });

  it("links each issue to its published neighbours only", async () => {
    const publication = await createPublication(prisma);
    await published(publication.id, 1, "2026-01-05T08:00:00Z");
    await createIssue(prisma, { publicationId: publication.id, number: 2, status: "canceled" });
    await published(publication.id, 3, "2026-01-19T08:00:00Z");
    await createIssue(prisma, { publicationId: publication.id, number: 4, status: "draft" });
    expect(await getAdjacentIssues(prisma, { publicationId: publication.id, number: 3 })).toMatchObject({ previous: { number: 1 }, next: null });
    expect(await getAdjacentIssues(prisma, { publicationId: publication.id, number: 1 })).toMatchObject({ previous: null, next: { number: 3 } });
  });
});
