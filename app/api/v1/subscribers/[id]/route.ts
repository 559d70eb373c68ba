import { readJsonBody, handleApiRequest } from "@/lib/api/api-result";
import { eraseApiSubscriber, getApiSubscriber, updateApiSubscriber } from "@/lib/api/api-subscribers";
import { db } from "@/lib/db/client";

type Context = { params: Promise<{ id: string }> };

/** The id or address from the path, decoded once whether or not the router already did (an address may hold "+"). */
async function idOf(params: Context["params"]): Promise<string> {
  const { id } = await params;
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

/** One subscriber of the HTTP API (lib/api/), by id or by email address: read, change, or erase. */
export async function GET(request: Request, { params }: Context) {
  const id = await idOf(params);
  return handleApiRequest(db(), request, (actor) => getApiSubscriber(db(), actor, id));
}

export async function PATCH(request: Request, { params }: Context) {
  const id = await idOf(params);
  return handleApiRequest(db(), request, async (actor) => {
    const body = await readJsonBody(request);
    return body.ok ? updateApiSubscriber(db(), actor, id, body.value) : body.result;
  });
}

export async function DELETE(request: Request, { params }: Context) {
  const id = await idOf(params);
  return handleApiRequest(db(), request, (actor) => eraseApiSubscriber(db(), actor, id));
}
