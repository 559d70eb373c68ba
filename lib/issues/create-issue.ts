import { z } from "zod";
import type { Prisma } from "../db/generated/client";
import type { Database } from "../db/client";
import { authorize, type Actor } from "../auth/permissions.ts";
import { parseBlocks } from "../blocks/parse-blocks.ts";
import type { Block } from "../blocks/registry.ts";
import { invalid, type Invalid } from "../forms/field-errors.ts";
import { BLOCK_MARKER } from "./export-issue-markdown.ts";
import { importIssueMarkdown } from "./import-issue-markdown.ts";
import { importPlainText } from "./import-plain-text.ts";
import { sameStructure, standardTemplateBlocks } from "./standard-template.ts";
import { slugForTitle } from "./issue-content.ts";
import { checkContentSize } from "./check-content-size.ts";
import { getPublication } from "../publication/get-publication.ts";

const input = z.discriminatedUnion("from", [
  z.object({ from: z.literal("blank") }),
  z.object({ from: z.literal("standard") }),
  z.object({ from: z.literal("last") }),
  z.object({ from: z.literal("template"), templateId: z.string().min(1, "choose a template") }),
  z.object({ from: z.literal("paste"), pasted: z.string().trim().min(1, "is empty: paste a newsletter").max(500_000, "is too long (500,000 characters at most)") }),
]);

export type CreateIssueResult = { ok: true; issueId: string; number: number; notes: string[] } | { ok: false; reason: "no-publication" | "template-not-found" } | Invalid;

/** A new draft numbered after the last issue, blank or pre-filled. */
export async function createIssue(prisma: Database, actor: Actor, raw: unknown): Promise<CreateIssueResult> {
  authorize(actor, "issue.write");
  const parsed = input.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const publication = await getPublication(prisma);
  if (!publication) return { ok: false, reason: "no-publication" };

  let start: { title: string; preheader: string; blocks: Block[]; notes: string[] } = { title: "", preheader: "", blocks: [], notes: [] };
  const request = parsed.data;
  if (request.from === "standard") start.blocks = standardTemplateBlocks();
  if (request.from === "last") {
    const last = await prisma.issue.findFirst({ where: { publicationId: publication.id }, orderBy: { number: "desc" }, include: { blocks: { orderBy: { position: "asc" } } } });
    const blocks = parseBlocks(last?.blocks ?? []);
    start.blocks = blocks.ok ? sameStructure(blocks.blocks) : standardTemplateBlocks();
  }
  if (request.from === "template") {
    const template = await prisma.issueTemplate.findFirst({ where: { id: request.templateId, publicationId: publication.id } });
    const blocks = parseBlocks(template?.blocks ?? null);
    if (!template || !blocks.ok) return { ok: false, reason: "template-not-found" };
    start.blocks = blocks.blocks;
  }
  if (request.from === "paste") {
    // The project's own export format round-trips exactly; anything else goes through the plain-text importer.
    const isExport = request.pasted.split("\n").some((line) => BLOCK_MARKER.test(line.trim()));
    const imported = isExport ? importIssueMarkdown(request.pasted) : null;
    start = imported?.ok ? { ...imported.issue, notes: [] } : importPlainText(request.pasted);
    // 500,000 characters of text in another script than Latin can come out over the limit every save
    // checks: an issue nobody could save is refused here, before it exists.
    const tooLarge = checkContentSize(JSON.stringify({ title: start.title, preheader: start.preheader, blocks: start.blocks }));
    if (tooLarge) return { ok: false, reason: "invalid", fieldErrors: { pasted: tooLarge.message } };
  }

  const issue = await prisma.$transaction(async (tx) => {
    // Numbers are sequential per publication; the lock makes two creations take turns.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(5120004, hashtext(${publication.id}))`;
    const last = await tx.issue.findFirst({ where: { publicationId: publication.id }, orderBy: { number: "desc" }, select: { number: true } });
    const number = (last?.number ?? 0) + 1;
    const created = await tx.issue.create({
      data: {
        publicationId: publication.id,
        number,
        title: start.title,
        preheader: start.preheader,
        slug: slugForTitle(start.title, number),
        blocks: { create: start.blocks.map((block, position) => ({ position, type: block.type, data: block.data as Prisma.InputJsonValue })) },
      },
      select: { id: true, number: true, version: true },
    });
    await tx.issueRevision.create({
      data: { issueId: created.id, version: created.version, title: start.title, preheader: start.preheader, blocks: start.blocks as Prisma.InputJsonValue, authorId: actor.id },
    });
    return created;
  });
  return { ok: true, issueId: issue.id, number: issue.number, notes: start.notes };
}
