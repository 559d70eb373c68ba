import type { Database } from "../db/client";
import type { Transport } from "./transport.ts";
import { createOutboxTransport } from "./transports/outbox.ts";

/**
 * The transport the configuration asks for. Only the built-in outbox exists
 * so far; Resend and SMTP transports come with the rest of the delivery
 * engine and will be chosen here from RESEND_API_KEY / SMTP_URL.
 */
export function selectTransport(prisma: Database): Transport {
  return createOutboxTransport(prisma);
}
