import { currentActor } from "@/lib/auth/current-actor";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { receiveImageUpload } from "@/lib/media/receive-image-upload";

/**
 * An image uploaded from the composer (lib/media/receive-image-upload.ts): a route handler rather than a
 * server action, so its 5 MB limit is its own. Answers 201 `{ ok: true, url, width, height }`, or
 * `{ ok: false, error }` with 400, 401, 403, 404, 413 or 415.
 */
export async function POST(request: Request) {
  const actor = await currentActor();
  const answer = await receiveImageUpload(db(), request, { actor, appUrl: config().APP_URL });
  return answer.status === 201
    ? Response.json({ ok: true, url: answer.url, width: answer.width, height: answer.height }, { status: 201 })
    : Response.json({ ok: false, error: answer.message }, { status: answer.status });
}
