/**
 * A real SMTP server (smtp-server) on a loopback port for transport tests.
 * It records every accepted message raw, can refuse recipients with any
 * reply code, and counts open connections so tests can check the pool.
 */
import { createServer, type AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedMessage = { from: string; to: string[]; raw: string };

export async function startFakeSmtp(
  options: {
    refuse?: (address: string) => { code: number; message: string } | null;
    /** Called with each message once its data is in, before the server's 250: a test holds a message "on the wire" until it resolves. */
    beforeAccept?: (message: ReceivedMessage) => Promise<void> | void;
  } = {},
) {
  const received: ReceivedMessage[] = [];
  let open = 0;
  let mostOpen = 0;
  let connections = 0;
  let onAllClosed: (() => void) | null = null;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 100,
    onConnect(_session, callback) {
      open++;
      connections++;
      mostOpen = Math.max(mostOpen, open);
      callback();
    },
    onClose() {
      open--;
      if (open === 0) onAllClosed?.();
    },
    onRcptTo(address, _session, callback) {
      const refusal = options.refuse?.(address.address);
      if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const message = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        };
        void Promise.resolve(options.beforeAccept?.(message)).then(() => {
          received.push(message);
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The most connections open at once, and how many were opened in all. */
    connections: () => ({ mostOpen, total: connections, open }),
    /** Resolves once no client connection is open. */
    allClosed: () => new Promise<void>((resolve) => (open === 0 ? resolve() : (onAllClosed = resolve))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on: taken from the OS, then released. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The header's value, unfolded, or null. */
export function header(raw: string, name: string): string | null {
  const head = raw.slice(0, raw.indexOf("\r\n\r\n")).replace(/\r\n[ \t]+/g, " ");
  const match = new RegExp(`^${name}: (.*)$`, "im").exec(head);
  return match ? match[1]! : null;
}

/** The message with quoted-printable soft line breaks and =XX escapes undone, for searching bodies. */
export function decodedBody(raw: string): string {
  return raw.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
