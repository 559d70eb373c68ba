/** Every rule the database enforces, shown refusing a violation. */
import { beforeEach, describe, expect, it } from "vitest";
import { testDb } from "../helpers/db";
import { createBlock, createIssue, createPublication, createSubscriber, createUser } from "../helpers/factories";

const prisma = testDb();
let publicationId: string;

beforeEach(async () => {
  publicationId = (await createPublication(prisma)).id;
});

// Postgres error codes: 23505 unique, 23503 foreign key, 23514 check, 22P02 invalid enum text.
async function sqlState(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    const text = String((error as Error).message) + JSON.stringify(error);
    return text.match(/\b(23505|23503|23514|22P02)\b/)?.[1] ?? text;
  }
}

describe("Subscriber", () => {
  it("refuses a second address that differs only in case, within one publication", async () => {
    await createSubscriber(prisma, { publicationId, email: "reader@example.com" });
    expect(
      await sqlState(prisma.$executeRaw`insert into "Subscriber" (id, "publicationId", email, "updatedAt") values ('s-dup', ${publicationId}, 'Reader@Example.COM', now())`),
    ).toBe("23505");
    expect(await sqlState(createSubscriber(prisma, { publicationId, email: "reader@example.com" }))).toBe("23505");
  });

  it("allows the same address in another publication", async () => {
    const other = await createPublication(prisma);
    await createSubscriber(prisma, { publicationId, email: "shared@example.com" });
    await expect(createSubscriber(prisma, { publicationId: other.id, email: "shared@example.com" })).resolves.toBeTruthy();
  });

  it("refuses an unknown status", async () => {
    expect(
      await sqlState(prisma.$executeRaw`insert into "Subscriber" (id, "publicationId", email, status, "updatedAt") values ('s-bad', ${publicationId}, 'x@example.com', 'sleeping', now())`),
    ).toBe("22P02");
  });

  it("refuses an address without @ or with surrounding spaces", async () => {
    expect(await sqlState(createSubscriber(prisma, { publicationId, email: "not-an-address" }))).toBe("23514");
    expect(await sqlState(createSubscriber(prisma, { publicationId, email: " padded@example.com" }))).toBe("23514");
  });

  it("refuses a subscriber of a publication that does not exist", async () => {
    expect(await sqlState(createSubscriber(prisma, { publicationId: "missing" }))).toBe("23503");
  });
});

describe("Issue", () => {
  it("refuses a duplicate number within a publication", async () => {
    await createIssue(prisma, { publicationId, number: 7 });
    expect(await sqlState(createIssue(prisma, { publicationId, number: 7 }))).toBe("23505");
  });

  it("refuses an unknown status", async () => {
    expect(
      await sqlState(prisma.$executeRaw`insert into "Issue" (id, "publicationId", number, title, slug, status, "updatedAt") values ('i-bad', ${publicationId}, 99, 't', 't', 'published', now())`),
    ).toBe("22P02");
  });

  it("refuses a non-positive number, a zero version and a malformed slug", async () => {
    expect(await sqlState(createIssue(prisma, { publicationId, number: 0 }))).toBe("23514");
    expect(await sqlState(createIssue(prisma, { publicationId, version: 0 }))).toBe("23514");
    expect(await sqlState(createIssue(prisma, { publicationId, slug: "Has Spaces" }))).toBe("23514");
  });

  it("refuses 'scheduled' without a time and 'sent' without sentAt", async () => {
    expect(await sqlState(createIssue(prisma, { publicationId, status: "scheduled" }))).toBe("23514");
    expect(await sqlState(createIssue(prisma, { publicationId, status: "sent" }))).toBe("23514");
    await expect(createIssue(prisma, { publicationId, status: "scheduled", scheduledAt: new Date() })).resolves.toBeTruthy();
  });
});

describe("Block", () => {
  it("refuses two blocks at the same position of an issue", async () => {
    const issue = await createIssue(prisma, { publicationId });
    await createBlock(prisma, { issueId: issue.id, position: 0 });
    expect(await sqlState(createBlock(prisma, { issueId: issue.id, position: 0 }))).toBe("23505");
  });

  it("refuses data that is not a JSON object, a negative position and a bad type name", async () => {
    const issue = await createIssue(prisma, { publicationId });
    expect(await sqlState(createBlock(prisma, { issueId: issue.id, data: [1, 2] }))).toBe("23514");
    expect(await sqlState(createBlock(prisma, { issueId: issue.id, position: -1 }))).toBe("23514");
    expect(await sqlState(createBlock(prisma, { issueId: issue.id, type: "<script>" }))).toBe("23514");
  });

  it("goes away with its issue", async () => {
    const issue = await createIssue(prisma, { publicationId });
    await createBlock(prisma, { issueId: issue.id });
    await prisma.issue.delete({ where: { id: issue.id } });
    expect(await prisma.block.count({ where: { issueId: issue.id } })).toBe(0);
  });
});

describe("User and Publication", () => {
  it("refuses a duplicate or non-lower-case user email and an unknown role", async () => {
    await createUser(prisma, { email: "editor@team.example.com" });
    expect(await sqlState(createUser(prisma, { email: "editor@team.example.com" }))).toBe("23505");
    expect(await sqlState(createUser(prisma, { email: "Editor@Team.example.com" }))).toBe("23514");
    expect(
      await sqlState(prisma.$executeRaw`insert into "User" (id, email, role, "updatedAt") values ('u-bad', 'x@team.example.com', 'admin', now())`),
    ).toBe("22P02");
  });

  it("refuses a send weekday outside 0-6, a malformed send time and a blank name", async () => {
    expect(await sqlState(createPublication(prisma, { defaultSendWeekday: 7 }))).toBe("23514");
    expect(await sqlState(createPublication(prisma, { defaultSendTime: "25:00" }))).toBe("23514");
    expect(await sqlState(createPublication(prisma, { name: "   " }))).toBe("23514");
  });
});
