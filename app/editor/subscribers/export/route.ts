import { exportSubscribersCsv } from "@/lib/audience/export-subscribers";
import { parseSubscriberFilter } from "@/lib/audience/parse-subscriber-filter";
import { currentActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";

/** The subscribers page's current filter as a CSV download, streamed. */
export async function GET(request: Request) {
  const actor = await currentActor();
  if (!actor) return new Response("Sign in first.", { status: 401 });
  if (!can(actor.role, "subscribers.view")) return new Response("Your role cannot see subscribers.", { status: 403 });
  const publication = await getPublication(db());
  if (!publication) return new Response("No publication yet.", { status: 404 });
  const filter = parseSubscriberFilter(Object.fromEntries(new URL(request.url).searchParams));
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(exportSubscribersCsv(db(), { publicationId: publication.id, status: filter.status, query: filter.query, tagId: filter.tagId, engagement: filter.engagement, sort: filter.sort }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="subscribers-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
