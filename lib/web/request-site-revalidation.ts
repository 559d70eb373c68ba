import { revalidationToken } from "./revalidation-token.ts";

/**
 * Asks the web app to drop its cached pages (POST /api/revalidate), from a
 * process that cannot do it itself: the send worker, after publishing. Never
 * throws: if the app cannot be reached, its pages refresh within their
 * revalidation period (5 minutes) anyway, and the send is not to fail for it.
 */
export async function requestSiteRevalidation(options: { siteUrl: string; secret: string; fetch?: typeof fetch }): Promise<boolean> {
  const url = `${options.siteUrl.replace(/\/+$/, "")}/api/revalidate`;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: "POST",
      headers: { Authorization: `Bearer ${revalidationToken(options.secret)}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (response.ok) return true;
    console.warn(`Site revalidation: ${url} answered ${response.status}; pages refresh within 5 minutes.`);
  } catch (error) {
    console.warn(`Site revalidation: ${url} failed (${error instanceof Error ? error.message : String(error)}); pages refresh within 5 minutes.`);
  }
  return false;
}
