/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The app reaches the database over the Postgres protocol only; the embedded
  // server (PGlite) lives in the launcher process and must never be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg"],
  // Cached pages say `s-maxage=300` and no more. Next's default adds a year of
  // `stale-while-revalidate`, which browsers honour too: a returning reader was shown
  // their old copy of a page (an issue before its correction) while it refreshed. With
  // the expiry equal to the pages' `revalidate`, Next also re-renders a page older than
  // that on its next request instead of serving it stale.
  expireTime: 300,
  // Every response: no page of the app may be framed by another site (clickjacking: a hidden "Send now" under a
  // decoy button), nor sniffed into another type, and links out send only the origin as Referer (unsubscribe and
  // preferences links carry signed tokens). /embed is the one page made to be framed, by the publication's other
  // sites; /media answers with its own, stricter policy (app/media/[file]/route.ts). HSTS is left to the TLS proxy.
  async headers() {
    const always = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    ];
    return [
      { source: "/:path*", headers: always },
      {
        source: "/((?!embed$|media/).*)",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
        ],
      },
      { source: "/embed", headers: [{ key: "Content-Security-Policy", value: "frame-ancestors *" }] },
    ];
  },
  // The home page lives at /home/latest, so it can be rendered on request and cached (see that page).
  async rewrites() {
    return [{ source: "/", destination: "/home/latest" }];
  },
  experimental: {
    // Every server action, the public ones (subscribe, preferences) too, accepts a body this large. The largest an
    // editor sends is "New issue → paste a newsletter": up to 500,000 characters (lib/issues/create-issue.ts), 1.5 MB
    // in UTF-8 when every one takes 3 bytes, past Next's default of 1 MB. A save of an issue holds at most 1 MB of
    // content (lib/issues/check-content-size.ts, checked in the composer before it sends and on the server), so it
    // stays under this; the demo issues' blocks are 5 KB of JSON. A CSV import's file is not an action: its route has its own limit.
    serverActions: { bodySizeLimit: "2mb" },
    // Pages and reads cached at run time (lib/web/cached-site.ts, the issue pages) stay in this
    // process's memory, never in .next/: a restart on another or a reset database must not serve
    // pages of the old one, and revalidation (lib/web/revalidate-site.ts) is in memory too.
    isrFlushToDisk: false,
  },
};

export default nextConfig;
