/**
 * The send benchmark's Resend server in a process of its own, as the provider
 * is elsewhere in a real send. In the bench's own process it shared one thread
 * with embedded PGlite, which in `npm start` has the launcher's process to
 * itself: every 1.5 MB batch it parsed held up the database for milliseconds.
 * It still shares the machine's cores, and the bench prints its CPU apart.
 *
 * Started by send.bench.ts with an IPC channel: it answers "ready" with its
 * URL, "summary" with its requests and delivered count, and stops on "close".
 */
import { startFakeResend } from "../helpers/fake-resend.ts";

export type FakeResendSummary = { requests: { status: number; at: number }[]; delivered: number };
export type FakeResendMessage = { type: "ready"; url: string } | ({ type: "summary" } & FakeResendSummary);

const limit = Number(process.env.FAKE_RESEND_REQUESTS_PER_SECOND ?? 0);
const server = await startFakeResend({ apiKey: process.env.FAKE_RESEND_API_KEY ?? "", countOnly: true, requestsPerSecond: limit > 0 ? limit : undefined });
const reply = (message: FakeResendMessage) => process.send!(message);
process.on("message", (message) => {
  if (message === "summary") reply({ type: "summary", requests: server.requests.map(({ status, at }) => ({ status, at })), delivered: server.deliveredCount() });
  if (message === "close") void server.close().then(() => process.exit(0));
});
// The bench going away takes this server with it.
process.on("disconnect", () => process.exit(0));
reply({ type: "ready", url: server.url });
