import { exportSubscriberData } from "@/lib/audience/export-subscriber-data";
import { currentActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";

/** Everything kept about one subscriber (lib/audience/export-subscriber-data.ts), as a JSON download: for a request to see one's data. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  if (!actor) return new Response("Sign in first.", { status: 401 });
  if (!can(actor.role, "subscribers.view")) return new Response("Your role cannot see subscribers.", { status: 403 });
  const data = await exportSubscriberData(db(), (await params).id);
  if (!data) return new Response("No such subscriber.", { status: 404 });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="subscriber-data-${data.exportedAt.slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
