import { revalidatePath, revalidateTag } from "next/cache";
import { after } from "next/server";
import { purgeFrontCache } from "../front/purge-front-cache.ts";

/** The tag on every cached read of the public site (lib/web/cached-site.ts). */
export const SITE_TAG = "site";

/**
 * Drops every cached page and read of the public site, now: the next request
 * for each renders afresh (no stale copy is served). Called in the Next
 * process: by POST /api/revalidate when a worker has published an issue, and
 * by the correction and settings actions. Publishing is rare, so all of it goes, rather than
 * the pages one issue appears on (its own, its neighbours', lists, feeds, topics).
 *
 * The front in front of Next (lib/front/start-front.ts) is emptied twice. Next
 * applies these revalidations only when the action or route returns, so a
 * reader's request in between could put the old page back in the front: the
 * purge in `after()` (once the response is out, the revalidation applied)
 * removes it. The first purge means the editor's own next request never meets
 * the old page.
 */
export async function revalidateSite(): Promise<void> {
  revalidateTag(SITE_TAG, { expire: 0 });
  revalidatePath("/", "layout");
  await purgeFrontCache();
  after(purgeFrontCache);
}
