import { receiveImportUpload } from "@/lib/audience/import/receive-upload";
import { currentActor } from "@/lib/auth/current-actor";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { withPageMessage } from "@/lib/web/page-message";

/**
 * A CSV import's file (lib/audience/import/receive-upload.ts). A route handler rather than a server
 * action, so the 20 MB it accepts is this route's limit alone and not every server action's.
 *
 * The import page's form posts here; a browser's post (it accepts text/html) is sent on with a 303: to
 * the job's page, to sign in, or back to the import page with the reason. Any other caller gets the
 * status and JSON: 201 `{ ok: true, id, location }`, or `{ ok: false, error }` with 400, 401, 403, 413 or 415.
 */
export async function POST(request: Request) {
  const actor = await currentActor();
  const result = await receiveImportUpload(db(), request, { actor, appUrl: config().APP_URL });
  if (!(request.headers.get("accept") ?? "").includes("text/html")) {
    return result.status === 201
      ? Response.json({ ok: true, id: result.id, location: jobPage(result.id) }, { status: 201, headers: { Location: jobPage(result.id) } })
      : Response.json({ ok: false, error: result.message }, { status: result.status });
  }
  if (result.status === 201) return seeOther(jobPage(result.id));
  switch (result.reason) {
    // Not sent on anywhere: nothing of this site asked for it.
    case "cross-site":
      return new Response(result.message, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    case "signed-out":
      return seeOther("/sign-in");
    case "forbidden":
      return seeOther(`/editor?forbidden=${encodeURIComponent("subscribers.manage")}`);
    default:
      return seeOther(withPageMessage("/editor/subscribers/import", { error: result.message }));
  }
}

const jobPage = (id: string) => `/editor/subscribers/import/${encodeURIComponent(id)}`;

/** A relative Location: behind a proxy the request's own URL may name an inner address. */
function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}
