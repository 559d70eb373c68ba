import type { Database } from "../db/client";
import { indexIssue } from "../search/index-issue.ts";
import { demoIssues, demoTopics } from "./issues";
import { demoPublication, demoSubscribers } from "./publication";

/**
 * Creates the demo publication, its issues and subscribers, in one
 * transaction. The site's address is `siteUrl` (the app's public address), else the default port. Does nothing when a publication already exists, so it is safe
 * to run on every start.
 */
export async function seedDemoContent(prisma: Database, options: { siteUrl?: string } = {}): Promise<{ created: boolean }> {
  if ((await prisma.publication.count()) > 0) return { created: false };
  await prisma.$transaction(async (tx) => {
    const publication = await tx.publication.create({ data: { ...demoPublication, siteUrl: options.siteUrl ?? demoPublication.siteUrl } });
    const topicIds = new Map<string, string>();
    for (const topic of demoTopics) {
      const tag = await tx.tag.create({ data: { ...topic, publicationId: publication.id, isPublic: true } });
      topicIds.set(topic.slug, tag.id);
    }
    const ids = (slugs: string[] = []) => slugs.map((slug) => topicIds.get(slug)!);
    for (const issue of demoIssues) {
      const created = await tx.issue.create({
        data: {
          publicationId: publication.id,
          number: issue.number,
          title: issue.title,
          slug: issue.slug,
          preheader: issue.preheader,
          status: issue.status,
          sentAt: issue.sentAt ? new Date(issue.sentAt) : null,
          publishedAt: issue.sentAt ? new Date(issue.sentAt) : null,
          blocks: { create: issue.blocks.map((block, position) => ({ position, type: block.type, data: block.data, topics: ids(block.topics) })) },
          topics: { create: ids(issue.topics).map((tagId) => ({ tagId })) },
        },
      });
      await indexIssue(tx, created.id);
    }
    await tx.subscriber.createMany({
      data: demoSubscribers.map((s) => ({ ...s, publicationId: publication.id, source: "seed" })),
    });
  });
  return { created: true };
}
