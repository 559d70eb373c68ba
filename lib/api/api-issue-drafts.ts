import { z } from "zod";
import { authorize, type Actor } from "../auth/permissions.ts";
import { formatPath, type ContentProblem } from "../blocks/parse-blocks.ts";
import { commands } from "../commands.ts";
import { config } from "../config.ts";
import type { Database } from "../db/client";
import { fieldErrors } from "../forms/field-errors.ts";
import { exportIssueMarkdown } from "../issues/export-issue-markdown.ts";
import { importIssueMarkdown, MAX_IMPORT_MARKDOWN } from "../issues/import-issue-markdown.ts";
import type { ContentBlock, IssueContent } from "../issues/issue-content.ts";
import { loadIssueContent } from "../issues/load-issue-content.ts";
import { getPublication } from "../publication/get-publication.ts";
import { tagSlug } from "../tags/ensure-tags.ts";
import { apiError, invalidFields, type ApiResult } from "./api-result.ts";

/**
 * An issue's content sent to the API: typed blocks (`{ type, data, channel?,
 * topics? }`, the JSON the composer saves and `GET /api/v1/issues/{number}`
 * gives) with a title and preheader, or `markdown` in the format that GET
 * gives (title and preheader included). Topics are named, as on the site.
 */
const topicNames = z.array(z.string().trim().min(1, "must not be empty").max(60, "must be at most 60 characters"), { error: "must be a list of topic names" }).max(10, "are at most 10");
const contentFields = {
    title: z.string({ error: "must be text" }).optional(),
    preheader: z.string({ error: "must be text" }).optional(),
    channel: z.enum(["everywhere", "web_only", "email_only"], { error: "must be everywhere, web_only or email_only" }).optional(),
    topics: topicNames.optional(),
    blocks: z.array(z.unknown(), { error: "must be a list of blocks" }).max(500, "are at most 500").optional(),
    markdown: z
      .string({ error: "must be text" })
      .trim()
      .min(1, "is empty")
      .max(MAX_IMPORT_MARKDOWN, `is too long (${MAX_IMPORT_MARKDOWN.toLocaleString("en")} characters at most)`)
      .optional(),
};
type ContentBodyInput = z.infer<z.ZodObject<typeof contentFields>>;

function eitherBlocksOrMarkdown(body: ContentBodyInput, context: z.RefinementCtx) {
  if ((body.blocks === undefined) === (body.markdown === undefined)) context.addIssue({ code: "custom", path: ["blocks"], message: "send either blocks or markdown" });
  if (body.markdown !== undefined && (body.title !== undefined || body.preheader !== undefined)) {
    context.addIssue({ code: "custom", path: ["markdown"], message: "carries the title and preheader itself: leave out title and preheader" });
  }
}
const contentBody = z.object(contentFields).strict().superRefine(eitherBlocksOrMarkdown);
const replaceBody = z
  .object({ ...contentFields, version: z.number({ error: "must be the version you read" }).int("must be a whole number").positive("must be a version, from 1") })
  .strict()
  .superRefine(eitherBlocksOrMarkdown);

/** "blocks[2].data.stories[0].url": the path a client can find in what it sent. */
function problemFields(problems: ContentProblem[], where: "blocks" | "markdown"): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const problem of problems) {
    const path = formatPath(problem.path);
    const key = where === "markdown" ? "markdown" : problem.blockIndex === null ? path || "blocks" : `blocks[${problem.blockIndex}]${path ? `.${path}` : ""}`;
    fields[key] = fields[key] ? `${fields[key]}; ${problem.message}` : problem.message;
  }
  return fields;
}

/** Topic names to the ids of the publication's topics (public tags); a name that is none is a field error. */
async function topicIds(prisma: Database, publicationId: string, body: ContentBodyInput): Promise<{ ok: true; ids: Map<string, string> } | { ok: false; fields: Record<string, string> }> {
  const blockTopics = (body.blocks ?? []).map((block) => (typeof block === "object" && block !== null && "topics" in block ? block.topics : undefined));
  const named = [...(body.topics ?? []), ...blockTopics.flatMap((topics) => (Array.isArray(topics) ? topics.filter((name): name is string => typeof name === "string") : []))];
  const rows = named.length ? await prisma.tag.findMany({ where: { publicationId, isPublic: true, slug: { in: named.map(tagSlug) } }, select: { id: true, slug: true } }) : [];
  const bySlug = new Map(rows.map((row) => [row.slug, row.id]));
  const fields: Record<string, string> = {};
  const unknown = (names: string[]) => names.filter((name) => !bySlug.has(tagSlug(name)));
  const explain = (names: string[]) => `${names.map((name) => `“${name}”`).join(", ")} ${names.length === 1 ? "is not a topic" : "are not topics"} (make a tag public under Subscribers → Tags)`;
  if (unknown(body.topics ?? []).length) fields.topics = explain(unknown(body.topics ?? []));
  blockTopics.forEach((topics, index) => {
    if (topics === undefined) return;
    if (!Array.isArray(topics) || topics.length > 10 || !topics.every((name) => typeof name === "string")) fields[`blocks[${index}].topics`] = "must be a list of at most 10 topic names";
    else if (unknown(topics).length) fields[`blocks[${index}].topics`] = explain(unknown(topics));
  });
  return Object.keys(fields).length ? { ok: false, fields } : { ok: true, ids: new Map(named.map((name) => [name, bySlug.get(tagSlug(name))!])) };
}

/**
 * The body as the content the composer saves, with topic ids for names. `keep` is what a replace leaves
 * as stored when the body leaves it out (title and preheader with blocks; channel and topics always).
 */
async function readContent(prisma: Database, publicationId: string, body: ContentBodyInput, keep?: { title: string; preheader: string }): Promise<{ ok: true; content: IssueContent } | { ok: false; result: ApiResult }> {
  const topics = await topicIds(prisma, publicationId, body);
  if (!topics.ok) return { ok: false, result: invalidFields(topics.fields) };
  const named = (names: unknown) => (Array.isArray(names) ? names.map((name) => topics.ids.get(name as string)!) : undefined);
  const shared = { ...(body.channel ? { channel: body.channel } : {}), ...(body.topics ? { topics: named(body.topics) } : {}) };
  if (body.markdown !== undefined) {
    // Markdown, not a pasted email: the export's format reads back whole (a broken block is refused, not
    // guessed at), and Markdown without block markers becomes its "# title" and one text block.
    const imported = importIssueMarkdown(body.markdown);
    if (!imported.ok) return { ok: false, result: invalidFields(problemFields(imported.problems, "markdown")) };
    return { ok: true, content: { ...imported.issue, ...shared } };
  }
  const blocks = (body.blocks ?? []).map((block) => (typeof block === "object" && block !== null && "topics" in block ? { ...block, topics: named(block.topics) } : block)) as ContentBlock[];
  return { ok: true, content: { title: body.title ?? keep?.title ?? "", preheader: body.preheader ?? keep?.preheader ?? "", ...shared, blocks } };
}

/** Where an editor opens the issue in the composer, as the API's answers give it. */
export function composerUrl(issueId: string): string {
  return `${config().APP_URL}/editor/issues/${issueId}`;
}

/** An issue that is not (yet) on the site, as a write key reads it: everything the composer edits, and its version for the next replace. */
export async function draftView(prisma: Database, issue: { id: string; number: number; status: string }) {
  const content = await loadIssueContent(prisma, issue.id);
  if (!content) return null;
  const ids = [...new Set([...(content.topics ?? []), ...content.blocks.flatMap((block) => block.topics ?? [])])];
  const names = new Map((ids.length ? await prisma.tag.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : []).map((tag) => [tag.id, tag.name]));
  const topicNames = (topics: string[] | undefined) => (topics ?? []).flatMap((id) => (names.has(id) ? [names.get(id)!] : []));
  return {
    id: issue.id,
    number: issue.number,
    status: issue.status,
    version: content.version,
    updatedAt: content.updatedAt,
    title: content.title,
    preheader: content.preheader,
    channel: content.channel,
    topics: topicNames(content.topics),
    blocks: content.blocks.map((block) => ({ type: block.type, data: block.data, channel: block.channel ?? "everywhere", topics: topicNames(block.topics) })),
    markdown: exportIssueMarkdown({ title: content.title, preheader: content.preheader, blocks: content.blocks }),
    editUrl: composerUrl(issue.id),
  };
}

/**
 * POST /api/v1/issues: a new draft, numbered after the last issue, from typed
 * blocks or Markdown. It is only a draft: sending stays a person's act in the
 * composer, after its checks and the count of recipients.
 */
export async function createApiIssue(prisma: Database, actor: Actor, raw: unknown): Promise<ApiResult> {
  authorize(actor, "issue.write");
  const parsed = contentBody.safeParse(raw);
  if (!parsed.success) return invalidFields(fieldErrors(parsed.error));
  const publication = await getPublication(prisma);
  if (!publication) return apiError(404, "not-found", "There is no publication yet.");
  const content = await readContent(prisma, publication.id, parsed.data);
  if (!content.ok) return content.result;
  const created = await commands.createIssue(prisma, actor, { from: "content", content: content.content });
  if (!created.ok) {
    if (created.reason === "invalid-content") return invalidFields(problemFields(created.problems, parsed.data.markdown === undefined ? "blocks" : "markdown"));
    return apiError(422, "invalid", "The issue could not be created.");
  }
  const view = await draftView(prisma, { id: created.issueId, number: created.number, status: "draft" });
  return { status: 201, body: { data: view }, headers: { Location: `/api/v1/issues/${created.number}` } };
}

/**
 * PUT /api/v1/issues/{number}: replaces a draft's blocks (and its title,
 * preheader, channel and topics when sent), if `version` is still the stored
 * one. A save in the composer meanwhile is a 409 with the current version,
 * never overwritten.
 */
export async function replaceApiIssue(prisma: Database, actor: Actor, number: string, raw: unknown): Promise<ApiResult> {
  authorize(actor, "issue.write");
  const notFound = apiError(404, "not-found", "No issue has that number.");
  if (!/^[1-9]\d{0,8}$/.test(number)) return notFound;
  const parsed = replaceBody.safeParse(raw);
  if (!parsed.success) return invalidFields(fieldErrors(parsed.error));
  const publication = await getPublication(prisma);
  if (!publication) return notFound;
  const issue = await prisma.issue.findUnique({ where: { publicationId_number: { publicationId: publication.id, number: Number(number) } }, select: { id: true, number: true, status: true, title: true, preheader: true } });
  if (!issue) return notFound;
  if (parsed.data.markdown !== undefined) {
    // Markdown carries no block's channel or topics: replacing such blocks by it would quietly put email-only
    // text on the web. (A save since the version read is refused as a conflict, so this reads what it replaces.)
    const marked = await prisma.block.count({ where: { issueId: issue.id, OR: [{ channel: { not: "everywhere" } }, { topics: { isEmpty: false } }] } });
    if (marked > 0) {
      return invalidFields({ markdown: `cannot carry the channel or topics that ${marked === 1 ? "one block" : `${marked} blocks`} of this draft ${marked === 1 ? "has" : "have"}: send blocks instead` });
    }
  }
  const content = await readContent(prisma, publication.id, parsed.data, issue);
  if (!content.ok) return content.result;
  // Drafts only, checked under the save's lock: a scheduled issue goes out at its time with no one looking
  // again, so a key (which may leak) must not change it; an editor unschedules it first.
  const saved = await commands.saveIssue(prisma, actor, { issueId: issue.id, expectedVersion: parsed.data.version, ...content.content, draftOnly: true });
  if (saved.ok) return { status: 200, body: { data: await draftView(prisma, issue) } };
  switch (saved.reason) {
    case "invalid":
      return invalidFields(problemFields(saved.problems, parsed.data.markdown === undefined ? "blocks" : "markdown"));
    case "not-found":
      return notFound;
    case "not-editable":
      return apiError(
        409,
        "not-editable",
        `Issue #${issue.number} is ${saved.status.replace("_", " ")}: only a draft can be replaced. A scheduled issue is changed in the composer (or unscheduled first), a published one corrected there.`,
      );
    case "conflict":
      return apiError(409, "conflict", `The issue was saved since version ${parsed.data.version}: it is at version ${saved.current.version}. Read it again and apply your change to that.`, { version: saved.current.version });
  }
}
