import { z } from "zod";
import { authorize, can, type Actor } from "../auth/permissions.ts";
import type { Database } from "../db/client";
import { fieldErrors } from "../forms/field-errors.ts";
import { exportIssueMarkdown } from "../issues/export-issue-markdown.ts";
import { getPublishedIssue } from "../issues/get-published-issue.ts";
import { issueUrl } from "../issues/issue-path.ts";
import { listPublishedIssues } from "../issues/list-published-issues.ts";
import { getPublication } from "../publication/get-publication.ts";
import { composerUrl, draftView } from "./api-issue-drafts.ts";
import { apiError, invalidFields, type ApiResult } from "./api-result.ts";

export const API_ISSUES_PER_PAGE = 20;

const listQuery = z.object({
  page: z
    .string()
    .regex(/^[1-9]\d{0,5}$/, "must be a page number from 1")
    .optional(),
  status: z.enum(["published", "draft", "scheduled"], { error: "must be published, draft or scheduled" }).optional(),
});

/**
 * GET /api/v1/issues: the published issues, as the archive lists them (sent,
 * on the web; never drafts, scheduled or email-only ones), newest first, 20 a
 * page. Any key may read them: they are public on the site already. With
 * `status=draft` or `status=scheduled`, those issues instead, for write keys.
 */
export async function listApiIssues(prisma: Database, actor: Actor, params: URLSearchParams): Promise<ApiResult> {
  const parsed = listQuery.safeParse(Object.fromEntries(params));
  if (!parsed.success) return invalidFields(fieldErrors(parsed.error), "parameters");
  const publication = await getPublication(prisma);
  if (!publication) return apiError(404, "not-found", "There is no publication yet.");
  const page = Number(parsed.data.page ?? "1");
  const status = parsed.data.status ?? "published";
  if (status !== "published") {
    // Drafts and scheduled issues are for keys that may write them, as GET /issues/{number} gives them.
    authorize(actor, "issue.write");
    const rows = await prisma.issue.findMany({
      where: { publicationId: publication.id, status },
      orderBy: { number: "desc" },
      take: API_ISSUES_PER_PAGE + 1,
      skip: (page - 1) * API_ISSUES_PER_PAGE,
      select: { id: true, number: true, title: true, status: true, version: true, updatedAt: true, scheduledAt: true },
    });
    return {
      status: 200,
      body: {
        data: rows.slice(0, API_ISSUES_PER_PAGE).map(({ id, ...issue }) => ({ ...issue, editUrl: composerUrl(id) })),
        next: rows.length > API_ISSUES_PER_PAGE ? page + 1 : null,
      },
    };
  }
  const rows = await listPublishedIssues(prisma, { publicationId: publication.id, take: API_ISSUES_PER_PAGE + 1, skip: (page - 1) * API_ISSUES_PER_PAGE });
  return {
    status: 200,
    body: {
      data: rows.slice(0, API_ISSUES_PER_PAGE).map((issue) => ({ number: issue.number, title: issue.title, preheader: issue.preheader, url: issueUrl(publication.siteUrl, issue), publishedAt: issue.publishedAt })),
      next: rows.length > API_ISSUES_PER_PAGE ? page + 1 : null,
    },
  };
}

/**
 * GET /api/v1/issues/{number}: one published issue's web version as the typed
 * blocks it is made of (each `{ type, data }`, the JSON the composer saves)
 * and as Markdown, the format "New issue → paste" reads back. An issue not on
 * the site (a draft, a scheduled or an email-only one) is a 404 to a read key,
 * which sees what readers see; a write key, which may write drafts, gets it
 * whole with its version (lib/api/api-issue-drafts.ts).
 */
export async function getApiIssue(prisma: Database, actor: Actor, number: string): Promise<ApiResult> {
  const notFound = apiError(404, "not-found", "No published issue has that number.");
  if (!/^[1-9]\d{0,8}$/.test(number)) return notFound;
  const publication = await getPublication(prisma);
  if (!publication) return notFound;
  const issue = await getPublishedIssue(prisma, { publicationId: publication.id, number: Number(number) });
  if (!issue) {
    if (!can(actor.role, "issue.write")) return notFound;
    const unpublished = await prisma.issue.findUnique({ where: { publicationId_number: { publicationId: publication.id, number: Number(number) } }, select: { id: true, number: true, status: true } });
    const view = unpublished && (await draftView(prisma, unpublished));
    return view ? { status: 200, body: { data: view } } : apiError(404, "not-found", "No issue has that number.");
  }
  return {
    status: 200,
    body: {
      data: {
        number: issue.number,
        title: issue.title,
        preheader: issue.preheader,
        url: issueUrl(publication.siteUrl, issue),
        publishedAt: issue.publishedAt,
        topics: issue.topics.map((topic) => topic.name),
        corrections: issue.corrections.map((correction) => ({ at: correction.createdAt, note: correction.note })),
        blocks: issue.blocks.map((block) => ({ type: block.type, data: block.data })),
        markdown: exportIssueMarkdown({ title: issue.title, preheader: issue.preheader, blocks: issue.blocks }),
      },
    },
  };
}
