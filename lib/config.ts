import { z } from "zod";

/**
 * Every environment variable the platform reads, parsed once. A missing or
 * malformed variable fails at start with its name: see `.env.example` for the
 * one-line meaning of each.
 */
const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);

const postgresUrl = z
  .string()
  .url("must be a URL")
  .refine((value) => /^postgres(ql)?:\/\//.test(value), "must start with postgres:// or postgresql://");

const port = z.coerce
  .number({ message: "must be a number" })
  .int("must be a whole number")
  .min(1, "must be between 1 and 65535")
  .max(65535, "must be between 1 and 65535");

const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
    DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data")),
    EMBEDDED_DB_PORT: z.preprocess(emptyAsUndefined, port.default(54320)),
    PORT: z.preprocess(emptyAsUndefined, port.default(3000)),
    /**
     * Memory, in MB, for the public pages `npm start` keeps in its front (lib/front/start-front.ts).
     * 0 runs Next on PORT directly, with no front.
     */
    FRONT_CACHE_MB: z.preprocess(emptyAsUndefined, z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(0, "must be 0 or more").max(65536, "must be at most 65536").default(64)),
    /**
     * The interface `npm run dev` listens on: this machine only, unless set. Outside production, with the
     * outbox, the sign-in page shows the sign-in link it "mailed" to anyone who asks for any address
     * (lib/auth/find-development-sign-in-link.ts): on 0.0.0.0, to anyone on the network.
     */
    DEV_HOSTNAME: z.preprocess(emptyAsUndefined, z.string().regex(/^[\w.:-]+$/, "must be a host name or an IP address").default("127.0.0.1")),
    /** The loopback port `npm start` runs Next on behind its front; unset, a free one. */
    NEXT_PORT: z.preprocess(emptyAsUndefined, port.optional()),
    APP_URL: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .url("must be a URL such as https://news.example.com")
        .refine((value) => /^https?:\/\//.test(value), "must start with http:// or https://")
        .transform((value) => value.replace(/\/+$/, ""))
        .default("http://localhost:3000"),
    ),
    /**
     * Connections per process. The launcher sets 1 for the embedded database:
     * PGlite is one session behind its socket, and concurrent extended-protocol
     * traffic from several connections can interleave there.
     */
    DATABASE_POOL_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").default(10)),
    /** Set to send through Resend; unset, mail goes to the built-in outbox. */
    RESEND_API_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
    /** Another Resend-compatible API (tests point it at a local server). Read by the resend SDK too. */
    RESEND_BASE_URL: z.preprocess(emptyAsUndefined, z.string().url("must be a URL").optional()),
    /** The signing secret of the Resend webhook endpoint ("whsec_…"). Unset: webhooks are refused. */
    RESEND_WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, z.string().startsWith("whsec_", "must be the whsec_… secret Resend shows for the endpoint").optional()),
    /** Send through this SMTP server when RESEND_API_KEY is unset. smtps:// is TLS from the start; smtp:// upgrades with STARTTLS when offered. */
    SMTP_URL: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .url("must be a URL such as smtps://user:password@smtp.example.com:465")
        .refine((value) => /^smtps?:\/\//.test(value), "must start with smtp:// or smtps://")
        .optional(),
    ),
    /** Batch requests per second to the provider, per worker process (Resend allows 2). 0 means unlimited. */
    SEND_RATE_LIMIT: z.preprocess(emptyAsUndefined, z.coerce.number({ message: "must be a number" }).min(0, "must be 0 or more").default(2)),
    /**
     * Reverse proxies in front of the app that append the caller's address to
     * X-Forwarded-For. Rate limits key on the address that many entries from
     * the right: earlier entries are whatever the caller sent.
     */
    TRUSTED_PROXY_HOPS: z.preprocess(emptyAsUndefined, z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(10, "must be at most 10").default(1)),
    /** Signs unsubscribe and preferences links (and, later, sessions). */
    AUTH_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional()),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.AUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "is required in production (try: openssl rand -base64 32)" });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(
      "Invalid environment:\n" +
        problems.map((p) => `  ${p.variable}: ${p.reason}`).join("\n") +
        "\nSee .env.example for what each variable means.",
    );
    this.name = "ConfigError";
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  // One line per variable: its first problem is the one to fix.
  const byVariable = new Map<string, string>();
  for (const issue of result.error.issues) {
    const variable = String(issue.path[0] ?? "(environment)");
    if (!byVariable.has(variable)) {
      byVariable.set(variable, `${issue.message} (got ${JSON.stringify(env[variable] ?? null)})`);
    }
  }
  throw new ConfigError([...byVariable].map(([variable, reason]) => ({ variable, reason })));
}

/**
 * The app's public address: APP_URL when set, else this machine on PORT. The
 * launcher gives it to Next (links in mail, next-auth's callbacks) and the demo
 * content takes it as the site's address, so `PORT=3100 npm run dev` links to 3100.
 */
export function publicAppUrl(cfg: Config = config()): string {
  return process.env.APP_URL ? cfg.APP_URL : `http://localhost:${cfg.PORT}`;
}

let cached: Config | undefined;

/** The process's configuration, parsed from `process.env` on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
