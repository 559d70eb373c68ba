import { handleApiRequest } from "@/lib/api/api-result";
import { listApiIssues } from "@/lib/api/api-issues";
import { db } from "@/lib/db/client";

/** The HTTP API's published issues (lib/api/api-issues.ts), newest first. */
export async function GET(request: Request) {
  return handleApiRequest(db(), request, (actor) => listApiIssues(db(), actor, new URL(request.url).searchParams));
}
