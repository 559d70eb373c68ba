/**
 * A static file server (sirv on node:http) in its own process, as the ceiling
 * for tests/bench/site.bench.ts: `tsx tests/bench/serve-static.ts <dir> <port>`.
 * Prints "ready" once listening.
 */
import http from "node:http";
import sirv from "sirv";

const [dir, port] = process.argv.slice(2);
const serve = sirv(dir, { etag: false, dev: false });
http
  .createServer((request, response) => serve(request, response, () => void response.writeHead(404).end()))
  .listen(Number(port), "127.0.0.1", () => console.log("ready"));
