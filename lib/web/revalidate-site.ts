import { revalidatePath, revalidateTag } from "next/cache";

/** The tag on every cached read of the public site (lib/web/cached-site.ts). */
export const SITE_TAG = "site";

/**
 * Drops every cached page and read of the public site, now: the next request
 * for each renders afresh (no stale copy is served). Called in the Next
 * process: by POST /api/revalidate when a worker has published an issue, and
 * by the correction action. Publishing is rare, so all of it goes, rather than
 * the pages one issue appears on (its own, its neighbours', lists, feeds, topics).
 */
export function revalidateSite(): void {
  revalidateTag(SITE_TAG, { expire: 0 });
  revalidatePath("/", "layout");
}
