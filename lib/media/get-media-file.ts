import type { Database } from "../db/client";
import { parseMediaName } from "./media-path.ts";

/** An uploaded image by the name in its URL, or null: an unknown name, or one whose size or extension is not the file's. */
export async function getMediaFile(prisma: Database, name: string) {
  const wanted = parseMediaName(name);
  if (!wanted) return null;
  const file = await prisma.mediaFile.findUnique({
    where: { id: wanted.id },
    select: { id: true, contentType: true, extension: true, width: true, height: true, byteSize: true, fileName: true, data: true },
  });
  return file && file.extension === wanted.extension && file.width === wanted.width && file.height === wanted.height ? file : null;
}
