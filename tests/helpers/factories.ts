/**
 * Factories for the core models: a counter keeps every unique field unique,
 * and overrides set whatever a test cares about.
 */
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { demoIssues } from "@/lib/demo/issues";

let counter = 0;
const next = () => ++counter;

export async function createPublication(prisma: Database, overrides: Partial<Prisma.PublicationUncheckedCreateInput> = {}) {
  const n = next();
  return prisma.publication.create({
    data: {
      name: `Test Weekly ${n}`,
      siteUrl: "https://news.example.com",
      senderName: "Test Weekly",
      senderEmail: `editor${n}@news.example.com`,
      ...overrides,
    },
  });
}

export async function createUser(prisma: Database, overrides: Partial<Prisma.UserUncheckedCreateInput> = {}) {
  const n = next();
  return prisma.user.create({ data: { email: `user${n}@team.example.com`, name: `User ${n}`, role: "editor", ...overrides } });
}

export async function createIssue(
  prisma: Database,
  overrides: Partial<Prisma.IssueUncheckedCreateInput> & { publicationId?: string } = {},
) {
  const n = next();
  const publicationId = overrides.publicationId ?? (await createPublication(prisma)).id;
  return prisma.issue.create({
    data: { number: n, title: `Issue ${n}`, slug: `issue-${n}`, ...overrides, publicationId },
  });
}

export async function createBlock(
  prisma: Database,
  overrides: Partial<Prisma.BlockUncheckedCreateInput> & { issueId?: string } = {},
) {
  const issueId = overrides.issueId ?? (await createIssue(prisma)).id;
  return prisma.block.create({
    data: { position: 0, type: "divider", data: {}, ...overrides, issueId },
  });
}

export async function createSubscriber(
  prisma: Database,
  overrides: Partial<Prisma.SubscriberUncheckedCreateInput> & { publicationId?: string } = {},
) {
  const n = next();
  const publicationId = overrides.publicationId ?? (await createPublication(prisma)).id;
  return prisma.subscriber.create({
    data: { email: `reader${n}@mail.example.com`, name: `Reader ${n}`, status: "active", ...overrides, publicationId },
  });
}

/**
 * A publication with an issue that passes its pre-send checks (a demo issue's
 * blocks) and `recipients` active subscribers at `<prefix><n>@<domain>`.
 */
export async function createSendableIssue(
  prisma: Database,
  options: { recipients: number; address?: (n: number) => string; publication?: Partial<Prisma.PublicationUncheckedCreateInput> },
) {
  const publication = await createPublication(prisma, options.publication);
  const issue = await createIssue(prisma, {
    publicationId: publication.id,
    blocks: { create: demoIssues[1]!.blocks.map((block, position) => ({ position, type: block.type, data: block.data })) },
  });
  const address = options.address ?? ((n: number) => `list${n}@send.example.com`);
  await prisma.subscriber.createMany({
    data: Array.from({ length: options.recipients }, (_, n) => ({ publicationId: publication.id, email: address(n), status: "active" as const })),
  });
  return { publication, issue };
}
