/**
 * Where an issue or a block appears. A web-only issue is published without an
 * email; an email-only issue is sent and never listed on the site. A block can
 * be web-only (a long aside, an embed) or email-only (a "reply to this email" note).
 */
export const CHANNELS = ["everywhere", "web_only", "email_only"] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, string> = { everywhere: "Email and web", web_only: "Web only", email_only: "Email only" };

export function isChannel(value: unknown): value is Channel {
  return typeof value === "string" && (CHANNELS as readonly string[]).includes(value);
}

/** The blocks one medium shows: the email leaves out web-only blocks, the web leaves out email-only ones. */
export function blocksFor<T extends { channel?: Channel | null }>(medium: "email" | "web", blocks: T[]): T[] {
  const hidden: Channel = medium === "email" ? "web_only" : "email_only";
  return blocks.filter((block) => (block.channel ?? "everywhere") !== hidden);
}

/**
 * `blocks` (parsed from `raw`, one for one and in order: parsing keeps a block's type and data only)
 * with each raw block's channel. One that is not a channel (or none) is everywhere, as a save reads it,
 * and is left out.
 */
export function withChannelsOf<T extends object>(raw: unknown, blocks: T[]): (T & { channel?: Channel })[] {
  const rawBlocks: unknown[] = Array.isArray(raw) ? raw : [];
  return blocks.map((block, index) => {
    const channel = (rawBlocks[index] as { channel?: unknown } | undefined)?.channel;
    return isChannel(channel) && channel !== "everywhere" ? { ...block, channel } : block;
  });
}
