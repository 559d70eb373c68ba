import { signSubscriberToken, type TokenPurpose } from "../auth/subscriber-token.ts";

const PATHS: Record<TokenPurpose, string> = { confirm: "/confirm", preferences: "/preferences", unsubscribe: "/unsubscribe" };

/** A signed link to one of a subscriber's own pages. */
export function subscriberLink(options: { appUrl: string; secret: string; subscriberId: string; purpose: TokenPurpose; now?: number; name?: string }): string {
  const token = signSubscriberToken({ subscriberId: options.subscriberId, purpose: options.purpose, secret: options.secret, now: options.now, name: options.name });
  return `${options.appUrl}${PATHS[options.purpose]}?token=${token}`;
}
