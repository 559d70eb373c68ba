import { API_ISSUE_BODY_LIMIT, handleApiRequest, readJsonBody } from "@/lib/api/api-result";
import { replaceApiIssue } from "@/lib/api/api-issue-drafts";
import { getApiIssue } from "@/lib/api/api-issues";
import { db } from "@/lib/db/client";

/** One published issue as typed blocks and Markdown, or, to a write key, a draft with its version (lib/api/). */
export async function GET(request: Request, { params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  return handleApiRequest(db(), request, (actor) => getApiIssue(db(), actor, number));
}

/** Replaces a draft's content if the body's `version` is still the stored one (lib/api/api-issue-drafts.ts). */
export async function PUT(request: Request, { params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  return handleApiRequest(db(), request, async (actor) => {
    const body = await readJsonBody(request, API_ISSUE_BODY_LIMIT);
    return body.ok ? replaceApiIssue(db(), actor, number, body.value) : body.result;
  });
}
