/**
 * The front of `npm start` (lib/front/start-front.ts), in its own process: the
 * launcher runs it on PORT in front of Next, and gives both the purge secret.
 */
import { startFront } from "../lib/front/start-front";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`scripts/front.ts needs ${name} (the launcher sets it).`);
    process.exit(2);
  }
  return value;
}

const front = await startFront({
  port: Number(required("PORT")),
  upstream: { host: "127.0.0.1", port: Number(required("FRONT_UPSTREAM_PORT")) },
  purgeSecret: required("FRONT_PURGE_SECRET"),
  maxBytes: Number(required("FRONT_CACHE_MB")) * 1024 * 1024,
  maxSeconds: Number(required("FRONT_CACHE_SECONDS")),
});
const stop = () => front.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
