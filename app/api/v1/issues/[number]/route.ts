import { handleApiRequest } from "@/lib/api/api-result";
import { getApiIssue } from "@/lib/api/api-issues";
import { db } from "@/lib/db/client";

/** One published issue as typed blocks and Markdown (lib/api/api-issues.ts). */
export async function GET(request: Request, { params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  return handleApiRequest(db(), request, (actor) => getApiIssue(db(), actor, number));
}
