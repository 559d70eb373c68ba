import { Prisma } from "../db/generated/client";
import type { Database } from "../db/client";

/** Somewhere an uploaded image is shown now: an issue's blocks (its web version, for a sent one), a saved block, a template, or the publication's logo. */
export type ImageUse =
  | { kind: "issue"; id: string; number: number; title: string; status: string }
  | { kind: "saved-block"; id: string; name: string }
  | { kind: "template"; id: string; name: string }
  | { kind: "logo"; id: string; name: string };

type UseRow = { mediaId: string; kind: ImageUse["kind"]; id: string; number: number | null; name: string; status: string | null };

/** An upload's id in a stored URL: /media/<sha-256>… (lib/media/media-path.ts). */
const MEDIA_ID_IN_URL = "/media/([0-9a-f]{64})";

/**
 * Where the publication's uploads are used, by id: every stored block, saved
 * block, template and kept edit of an issue is read for /media/ URLs. Blocks keep an image's URL in
 * any field of their JSON (an Image block, a story's image, a thumbnail), so
 * reading the JSON as text finds them all without knowing each block type.
 * Revisions are not read: restoring an old one may bring back a deleted
 * image's URL, which then shows nothing. With `onlyId`, rows that do not
 * mention it are skipped before the pattern is matched.
 */
export async function findImageUses(prisma: Database | Prisma.TransactionClient, publicationId: string, onlyId?: string): Promise<Map<string, ImageUse[]>> {
  const mentions = (column: Prisma.Sql) => (onlyId ? Prisma.sql`AND strpos(${column}::text, ${onlyId}) > 0` : Prisma.empty);
  const rows = await prisma.$queryRaw<UseRow[]>`
    SELECT DISTINCT m[1] AS "mediaId", 'issue' AS "kind", i."id", i."number", i."title" AS "name", i."status"::text AS "status"
    FROM "Block" b JOIN "Issue" i ON i."id" = b."issueId"
    CROSS JOIN LATERAL regexp_matches(b."data"::text, ${MEDIA_ID_IN_URL}, 'g') AS m
    WHERE i."publicationId" = ${publicationId} ${mentions(Prisma.sql`b."data"`)}
    UNION
    -- Edits kept because they failed the checks (lib/issues/keep-invalid-edit.ts) are the issue's too: an afternoon's work.
    SELECT DISTINCT m[1], 'issue', i."id", i."number", i."title", i."status"::text
    FROM "IssueKeptEdit" k JOIN "Issue" i ON i."id" = k."issueId"
    CROSS JOIN LATERAL regexp_matches(k."content"::text, ${MEDIA_ID_IN_URL}, 'g') AS m
    WHERE i."publicationId" = ${publicationId} ${mentions(Prisma.sql`k."content"`)}
    UNION
    SELECT DISTINCT m[1], 'saved-block', s."id", NULL::int, s."name", NULL::text
    FROM "SavedBlock" s CROSS JOIN LATERAL regexp_matches(s."data"::text, ${MEDIA_ID_IN_URL}, 'g') AS m
    WHERE s."publicationId" = ${publicationId} ${mentions(Prisma.sql`s."data"`)}
    UNION
    SELECT DISTINCT m[1], 'template', t."id", NULL::int, t."name", NULL::text
    FROM "IssueTemplate" t CROSS JOIN LATERAL regexp_matches(t."blocks"::text, ${MEDIA_ID_IN_URL}, 'g') AS m
    WHERE t."publicationId" = ${publicationId} ${mentions(Prisma.sql`t."blocks"`)}
    UNION
    SELECT DISTINCT m[1], 'logo', p."id", NULL::int, p."name", NULL::text
    FROM "Publication" p CROSS JOIN LATERAL regexp_matches(p."logoUrl", ${MEDIA_ID_IN_URL}, 'g') AS m
    WHERE p."id" = ${publicationId}`;
  const uses = new Map<string, ImageUse[]>();
  for (const row of rows) {
    if (onlyId && row.mediaId !== onlyId) continue;
    const use: ImageUse = row.kind === "issue" ? { kind: "issue", id: row.id, number: row.number!, title: row.name, status: row.status! } : { kind: row.kind, id: row.id, name: row.name };
    uses.set(row.mediaId, [...(uses.get(row.mediaId) ?? []), use]);
  }
  for (const list of uses.values()) list.sort((a, b) => order(a) - order(b));
  return uses;
}

/** The logo first, then issues, the latest first; then saved blocks and templates. */
function order(use: ImageUse): number {
  return use.kind === "logo" ? -Infinity : use.kind === "issue" ? -use.number : use.kind === "saved-block" ? 1 : 2;
}
