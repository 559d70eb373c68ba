import { authorize, type Actor } from "../auth/permissions.ts";
import type { Database } from "../db/client";
import { getPublication } from "../publication/get-publication.ts";
import { mediaUrl } from "./media-path.ts";

export const RECENT_IMAGES = 30;

export type RecentImage = { url: string; fileName: string; width: number; height: number; createdAt: Date };

/**
 * The latest uploads, for the composer's "Choose an uploaded image" (a logo or a header used every
 * week): their URLs and sizes, never their bytes. For the roles that may upload.
 */
export async function listRecentImages(prisma: Database, actor: Actor): Promise<RecentImage[]> {
  authorize(actor, "media.upload");
  const publication = await getPublication(prisma);
  if (!publication) return [];
  const files = await prisma.mediaFile.findMany({
    where: { publicationId: publication.id },
    orderBy: { createdAt: "desc" },
    take: RECENT_IMAGES,
    select: { id: true, extension: true, fileName: true, width: true, height: true, createdAt: true },
  });
  return files.map((file) => ({ url: mediaUrl(publication.siteUrl, file), fileName: file.fileName, width: file.width, height: file.height, createdAt: file.createdAt }));
}
