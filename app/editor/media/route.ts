import { currentActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/permissions";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { listRecentImages } from "@/lib/media/list-recent-images";
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

/** The latest uploads (lib/media/list-recent-images.ts), for the composer: 200 `{ images }`, or 401 or 403. */
export async function GET() {
  const actor = await currentActor();
  if (!actor) return Response.json({ ok: false, error: "Sign in first." }, { status: 401 });
  if (!can(actor.role, "media.upload")) return Response.json({ ok: false, error: `A ${actor.role} may not use uploaded images.` }, { status: 403 });
  return Response.json({ ok: true, images: await listRecentImages(db(), actor) }, { headers: { "Cache-Control": "no-store" } });
}
