/** Where the front (lib/front/start-front.ts) takes a purge, and the header carrying the secret it shares with the app. */
export const PURGE_PATH = "/_front/purge";
export const PURGE_SECRET_HEADER = "x-front-purge-secret";

/**
 * Empties the front's store of public pages, from the Next process behind it
 * (lib/web/revalidate-site.ts). Without a front (`npm run dev`, Next run on
 * its own, FRONT_CACHE_MB=0) the launcher sets no FRONT_PURGE_URL and there is
 * nothing to do. A front that cannot be reached is logged, not thrown: the
 * change is saved, and the front keeps a page at most a minute.
 */
export async function purgeFrontCache(): Promise<void> {
  const url = process.env.FRONT_PURGE_URL;
  const secret = process.env.FRONT_PURGE_SECRET;
  if (!url || !secret) return;
  try {
    const response = await fetch(url, { method: "POST", headers: { [PURGE_SECRET_HEADER]: secret }, cache: "no-store", signal: AbortSignal.timeout(2_000) });
    if (!response.ok) console.error(`The front refused a purge (${response.status}); its pages expire within a minute.`);
  } catch (error) {
    console.error(`The front could not be told to purge (${(error as Error).message}); its pages expire within a minute.`);
  }
}
