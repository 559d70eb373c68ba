import { API_ISSUE_BODY_LIMIT, handleApiRequest, readJsonBody } from "@/lib/api/api-result";
import { answerOncePerKey } from "@/lib/api/answer-once-per-key";
import { createApiIssue } from "@/lib/api/api-issue-drafts";
import { listApiIssues } from "@/lib/api/api-issues";
import { db } from "@/lib/db/client";

/** The HTTP API's published issues (lib/api/api-issues.ts), newest first. */
export async function GET(request: Request) {
  return handleApiRequest(db(), request, (actor) => listApiIssues(db(), actor, new URL(request.url).searchParams));
}

/** A new draft from typed blocks or Markdown (lib/api/api-issue-drafts.ts); a retry with the same Idempotency-Key makes none. */
export async function POST(request: Request) {
  return handleApiRequest(db(), request, async (actor) => {
    const body = await readJsonBody(request, API_ISSUE_BODY_LIMIT);
    return body.ok ? answerOncePerKey(db(), request, actor, body.text, () => createApiIssue(db(), actor, body.value)) : body.result;
  });
}
