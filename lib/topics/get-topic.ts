import type { Database } from "../db/client";
import { listStories, type StoryRef } from "../blocks/list-stories.ts";
import { blockDataForWeb, issueTextForWeb, PUBLISHED_ISSUE, WEB_BLOCK } from "../issues/published.ts";
import { isStorableText } from "../text/storable-text.ts";

export const TOPIC_ISSUES_PER_PAGE = 20;

/**
 * A topic's page: the published issues tagged with it and the stories tagged
 * with it in any published issue (each linking to its anchor), newest first.
 * Null when there is no public tag with this slug.
 */
export async function getTopic(prisma: Database, options: { publicationId: string; slug: string }) {
  // The slug is the URL's (/topics/%00): one the database could not store names no tag, and asking would fail.
  if (!isStorableText(options.slug)) return null;
  const tag = await prisma.tag.findFirst({ where: { publicationId: options.publicationId, slug: options.slug, isPublic: true }, select: { id: true, name: true, slug: true, description: true } });
  if (!tag) return null;
  const [issues, blocks] = await Promise.all([
    prisma.issue.findMany({
      where: { publicationId: options.publicationId, ...PUBLISHED_ISSUE, topics: { some: { tagId: tag.id } } },
      orderBy: { number: "desc" },
      take: TOPIC_ISSUES_PER_PAGE,
      select: { id: true, number: true, title: true, slug: true, preheader: true, publishedAt: true },
    }),
    prisma.block.findMany({
      where: { ...WEB_BLOCK, topics: { has: tag.id }, issue: { publicationId: options.publicationId, ...PUBLISHED_ISSUE } },
      orderBy: [{ issue: { number: "desc" } }, { position: "asc" }],
      take: 200,
      select: { data: true, issue: { select: { number: true, title: true, slug: true } } },
    }),
  ]);
  const stories: (StoryRef & { issue: { number: number; title: string; slug: string } })[] = blocks.flatMap((block) =>
    listStories({ data: blockDataForWeb(block.data) }).map((story) => ({ ...story, issue: issueTextForWeb(block.issue) })),
  );
  return { tag, issues: issues.map(issueTextForWeb), stories };
}

/** Public topics with how many published issues carry each, for the topics index. */
export async function listPublicTopics(prisma: Database, publicationId: string) {
  const tags = await prisma.tag.findMany({
    where: { publicationId, isPublic: true },
    orderBy: { name: "asc" },
    select: { name: true, slug: true, description: true, _count: { select: { issues: { where: { issue: PUBLISHED_ISSUE } } } } },
  });
  return tags.map(({ _count, ...tag }) => ({ ...tag, issues: _count.issues }));
}
