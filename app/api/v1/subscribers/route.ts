import { readJsonBody, handleApiRequest } from "@/lib/api/api-result";
import { answerOncePerKey } from "@/lib/api/answer-once-per-key";
import { addApiSubscriber, listApiSubscribers } from "@/lib/api/api-subscribers";
import { db } from "@/lib/db/client";

/** The HTTP API's subscribers (lib/api/): list them, or add one. A key from Settings → API keys goes in `Authorization: Bearer`. */
export async function GET(request: Request) {
  return handleApiRequest(db(), request, (actor) => listApiSubscribers(db(), actor, new URL(request.url).searchParams));
}

/** A retry with the same Idempotency-Key gets the first answer again (lib/api/answer-once-per-key.ts). */
export async function POST(request: Request) {
  return handleApiRequest(db(), request, async (actor) => {
    const body = await readJsonBody(request);
    return body.ok ? answerOncePerKey(db(), request, actor, body.text, () => addApiSubscriber(db(), actor, body.value)) : body.result;
  });
}
