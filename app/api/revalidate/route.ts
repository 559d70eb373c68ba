import { signingSecret } from "@/lib/auth/signing-secret";
import { revalidateSite } from "@/lib/web/revalidate-site";
import { revalidationTokenValid } from "@/lib/web/revalidation-token";

/**
 * POST /api/revalidate with `Authorization: Bearer <token>` (lib/web/revalidation-token.ts):
 * the send worker, another process, tells the app an issue was published.
 * Anyone else gets 401 and changes nothing.
 */
export async function POST(request: Request) {
  const token = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!revalidationTokenValid(token, signingSecret())) {
    return Response.json({ ok: false, error: "A valid, unexpired revalidation token is required." }, { status: 401 });
  }
  await revalidateSite();
  return Response.json({ ok: true });
}
