/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The app reaches the database over the Postgres protocol only; the embedded
  // server (PGlite) lives in the launcher process and must never be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg"],
  // A CSV import's file comes in a server action: up to 20 MB (lib/audience/import/read-csv.ts) plus the form's overhead.
  experimental: { serverActions: { bodySizeLimit: "24mb" } },
};

export default nextConfig;
