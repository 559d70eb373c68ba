import type { Database } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { findImageUses, type ImageUse } from "./find-image-uses.ts";
import { mediaUrl } from "./media-path.ts";

export const IMAGES_PER_PAGE = 24;

export type ImageFilter = "all" | "unused";

export type ListedImage = {
  id: string;
  url: string;
  fileName: string;
  width: number;
  height: number;
  byteSize: number;
  contentType: string;
  createdAt: Date;
  uploadedBy: string | null;
  uses: ImageUse[];
};

export type ImagePage = { images: ListedImage[]; next: string | null; total: number; unused: number };

/** "<ISO time>_<id>" of the last image shown: the next page starts after it (newest first, ties by id). */
function parseCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)_([0-9a-f]{64})$/.exec(cursor ?? "");
  if (!match) return null;
  const createdAt = new Date(match[1]!);
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id: match[2]! };
}

/**
 * The Images page: the publication's uploads, newest first, a page at a time,
 * each with where it is used (lib/media/find-image-uses.ts); "unused" keeps
 * those used nowhere, the ones an editor may clear out. A cursor that is not
 * one of ours starts from the top.
 */
export async function listImages(prisma: Database, options: { publication: { id: string; siteUrl: string }; filter: ImageFilter; after?: string }): Promise<ImagePage> {
  const { publication, filter } = options;
  const uses = await findImageUses(prisma, publication.id);
  const usedIds = [...uses.keys()];
  const cursor = parseCursor(options.after);
  const where: Prisma.MediaFileWhereInput = {
    publicationId: publication.id,
    ...(filter === "unused" ? { id: { notIn: usedIds } } : {}),
    ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
  };
  const [files, total, used] = await Promise.all([
    prisma.mediaFile.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: IMAGES_PER_PAGE + 1,
      select: { id: true, extension: true, fileName: true, width: true, height: true, byteSize: true, contentType: true, createdAt: true, uploadedBy: { select: { name: true, email: true } } },
    }),
    prisma.mediaFile.count({ where: { publicationId: publication.id } }),
    prisma.mediaFile.count({ where: { publicationId: publication.id, id: { in: usedIds } } }),
  ]);
  const shown = files.slice(0, IMAGES_PER_PAGE);
  const last = shown.at(-1);
  return {
    images: shown.map((file) => ({
      id: file.id,
      url: mediaUrl(publication.siteUrl, file),
      fileName: file.fileName,
      width: file.width,
      height: file.height,
      byteSize: file.byteSize,
      contentType: file.contentType,
      createdAt: file.createdAt,
      uploadedBy: file.uploadedBy ? (file.uploadedBy.name ?? file.uploadedBy.email) : null,
      uses: uses.get(file.id) ?? [],
    })),
    next: files.length > IMAGES_PER_PAGE && last ? `${last.createdAt.toISOString()}_${last.id}` : null,
    total,
    unused: total - used,
  };
}
