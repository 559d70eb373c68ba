import type { Config } from "../config.ts";
import type { Database } from "../db/client";
import { createRateLimiter } from "./rate-limiter.ts";
import type { Transport } from "./transport.ts";
import { createOutboxTransport } from "./transports/outbox.ts";
import { createResendTransport } from "./transports/resend.ts";
import { createSmtpTransport } from "./transports/smtp.ts";

/** Resend when RESEND_API_KEY is set, else SMTP when SMTP_URL is set, else the built-in outbox. */
export function selectTransport(prisma: Database, cfg: Pick<Config, "RESEND_API_KEY" | "RESEND_BASE_URL" | "SEND_RATE_LIMIT" | "SMTP_URL">): Transport {
  if (cfg.RESEND_API_KEY) {
    return createResendTransport({ apiKey: cfg.RESEND_API_KEY, baseUrl: cfg.RESEND_BASE_URL, limiter: createRateLimiter(cfg.SEND_RATE_LIMIT) });
  }
  if (cfg.SMTP_URL) return createSmtpTransport({ url: cfg.SMTP_URL });
  return createOutboxTransport(prisma);
}
