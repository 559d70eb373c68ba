import { z } from "zod";
import type { Prisma } from "../db/generated/client";
import type { Database } from "../db/client";
import { authorOf, authorize, type Actor } from "../auth/permissions.ts";
import { parseBlocks } from "../blocks/parse-blocks.ts";
import type { ContentProblem } from "../blocks/parse-blocks.ts";
import { invalid, type Invalid } from "../forms/field-errors.ts";
import { BLOCK_MARKER } from "./export-issue-markdown.ts";
import { importIssueMarkdown } from "./import-issue-markdown.ts";
import { importPastedMarkdown, importPlainText } from "./import-plain-text.ts";
import { sameStructure, standardTemplateBlocks } from "./standard-template.ts";
import { parseIssueContent, slugForTitle, type ContentBlock, type IssueContent } from "./issue-content.ts";
import { checkContentSize } from "./check-content-size.ts";
import { getPublication } from "../publication/get-publication.ts";
import { looksLikeMarkdown } from "../text/looks-like-markdown.ts";
import { withChannelsOf } from "./channel.ts";

const input = z.discriminatedUnion("from", [
  z.object({ from: z.literal("blank") }),
  z.object({ from: z.literal("standard") }),
  z.object({ from: z.literal("last") }),
  z.object({ from: z.literal("template"), templateId: z.string().min(1, "choose a template") }),
  z.object({ from: z.literal("paste"), pasted: z.string().trim().min(1, "is empty: paste a newsletter").max(500_000, "is too long (500,000 characters at most)") }),
  // Content as the composer saves it (the HTTP API's typed blocks): checked by parseIssueContent, as every save is.
  z.object({ from: z.literal("content"), content: z.custom<IssueContent>((value) => typeof value === "object" && value !== null) }),
]);

export type CreateIssueResult =
  | { ok: true; issueId: string; number: number; version: number; notes: string[] }
  | { ok: false; reason: "no-publication" | "template-not-found" }
  | { ok: false; reason: "invalid-content"; problems: ContentProblem[] }
  | Invalid;

/** A new draft numbered after the last issue, blank or pre-filled. */
export async function createIssue(prisma: Database, actor: Actor, raw: unknown): Promise<CreateIssueResult> {
  authorize(actor, "issue.write");
  const parsed = input.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const publication = await getPublication(prisma);
  if (!publication) return { ok: false, reason: "no-publication" };

  let start: { title: string; preheader: string; channel?: IssueContent["channel"]; topics?: string[]; blocks: ContentBlock[]; notes: string[] } = { title: "", preheader: "", blocks: [], notes: [] };
  const request = parsed.data;
  if (request.from === "standard") start.blocks = standardTemplateBlocks();
  if (request.from === "last") {
    // The last issue that went out (or is going), as readers saw it: not the newest draft, often blank or
    // half-made. Before any send, the newest issue with blocks; before any issue, the standard template.
    const newest = (where: Prisma.IssueWhereInput) =>
      prisma.issue.findFirst({ where: { publicationId: publication.id, ...where }, orderBy: { number: "desc" }, include: { blocks: { orderBy: { position: "asc" } } } });
    const last = (await newest({ status: { in: ["sent", "partially_failed", "sending"] } })) ?? (await newest({ blocks: { some: {} } }));
    const blocks = parseBlocks(last?.blocks ?? []);
    // Where each block appears goes with the structure: last week's email-only sponsor slot stays off the web.
    start.blocks = blocks.ok ? withChannelsOf(last?.blocks, sameStructure(blocks.blocks)) : standardTemplateBlocks();
  }
  if (request.from === "template") {
    const template = await prisma.issueTemplate.findFirst({ where: { id: request.templateId, publicationId: publication.id } });
    const blocks = parseBlocks(template?.blocks ?? null);
    if (!template || !blocks.ok) return { ok: false, reason: "template-not-found" };
    start.blocks = withChannelsOf(template.blocks, blocks.blocks);
  }
  if (request.from === "paste") {
    // The project's own export format round-trips exactly. Other Markdown keeps its headings, emphasis and
    // links; anything that does not clearly look like Markdown (see looksLikeMarkdown) is read as plain text.
    const isExport = request.pasted.split("\n").some((line) => BLOCK_MARKER.test(line.trim()));
    const imported = isExport ? importIssueMarkdown(request.pasted) : null;
    if (imported?.ok) start = { ...imported.issue, notes: [] };
    else start = looksLikeMarkdown(request.pasted) ? importPastedMarkdown(request.pasted) : importPlainText(request.pasted);
    // 500,000 characters of text in another script than Latin can come out over the limit every save
    // checks: an issue nobody could save is refused here, before it exists.
    const tooLarge = checkContentSize(JSON.stringify({ title: start.title, preheader: start.preheader, blocks: start.blocks }));
    if (tooLarge) return { ok: false, reason: "invalid", fieldErrors: { pasted: tooLarge.message } };
  }

  if (request.from === "content") {
    const parsedContent = parseIssueContent(request.content);
    if (!parsedContent.ok) return { ok: false, reason: "invalid-content", problems: parsedContent.problems };
    start = { ...parsedContent.content, notes: [] };
  }

  const issue = await prisma.$transaction(async (tx) => {
    // Numbers are sequential per publication; the lock makes two creations take turns.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(5120004, hashtext(${publication.id}))`;
    const last = await tx.issue.findFirst({ where: { publicationId: publication.id }, orderBy: { number: "desc" }, select: { number: true } });
    const number = (last?.number ?? 0) + 1;
    // Topics are the publication's tags; an id that is not one is dropped, as a save drops it.
    const wanted = [...new Set([...(start.topics ?? []), ...start.blocks.flatMap((block) => block.topics ?? [])])];
    const known = new Set(wanted.length ? (await tx.tag.findMany({ where: { id: { in: wanted }, publicationId: publication.id }, select: { id: true } })).map((tag) => tag.id) : []);
    const created = await tx.issue.create({
      data: {
        publicationId: publication.id,
        number,
        title: start.title,
        preheader: start.preheader,
        slug: slugForTitle(start.title, number),
        ...(start.channel ? { channel: start.channel } : {}),
        blocks: {
          create: start.blocks.map((block, position) => ({
            position,
            type: block.type,
            data: block.data as Prisma.InputJsonValue,
            channel: block.channel ?? "everywhere",
            topics: (block.topics ?? []).filter((id) => known.has(id)),
          })),
        },
        topics: { create: (start.topics ?? []).filter((id) => known.has(id)).map((tagId) => ({ tagId })) },
      },
      select: { id: true, number: true, version: true },
    });
    await tx.issueRevision.create({
      data: { issueId: created.id, version: created.version, title: start.title, preheader: start.preheader, blocks: start.blocks as Prisma.InputJsonValue, ...authorOf(actor) },
    });
    return created;
  });
  return { ok: true, issueId: issue.id, number: issue.number, version: issue.version, notes: start.notes };
}

