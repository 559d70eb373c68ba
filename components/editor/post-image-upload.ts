/** Image types the upload takes (lib/media/read-image.ts reads the bytes; this only filters the file picker). */
export const IMAGE_ACCEPT = "image/png,image/jpeg,image/gif,image/webp";

export type ImageUploadAnswer = { ok: true; url: string } | { ok: false; message: string };

/** Sends one file to POST /editor/media (app/editor/media/route.ts) and says what came of it, in words for the editor. */
export async function postImageUpload(file: File): Promise<ImageUploadAnswer> {
  const form = new FormData();
  form.set("file", file, file.name || "pasted-image");
  try {
    const response = await fetch("/editor/media", { method: "POST", body: form });
    const answer = (await response.json().catch(() => null)) as { ok: true; url: string } | { ok: false; error: string } | null;
    if (answer?.ok) return { ok: true, url: answer.url };
    return { ok: false, message: answer?.error ?? `The upload failed (${response.status}). Try again.` };
  } catch {
    return { ok: false, message: "The upload did not reach the server. Check the connection and try again." };
  }
}
