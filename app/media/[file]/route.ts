import { db } from "@/lib/db/client";
import { getMediaFile } from "@/lib/media/get-media-file";

/**
 * An uploaded image (lib/media/), public because mail clients fetch it without a session. Its name is
 * the hash of its bytes, so it never changes: cached for a year, and a revalidation is always a 304.
 * Served as the type read from its bytes, never sniffed, with a policy that lets it run nothing.
 */
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file: name } = await params;
  const file = await getMediaFile(db(), name);
  if (!file) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const headers = {
    "Cache-Control": "public, max-age=31536000, immutable",
    ETag: `"${file.id}"`,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  };
  if (request.headers.get("if-none-match")?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === `"${file.id}"`)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(file.data, {
    headers: {
      ...headers,
      "Content-Type": file.contentType,
      "Content-Length": String(file.byteSize),
      "Content-Disposition": `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    },
  });
}
