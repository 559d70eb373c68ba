import { z } from "zod";
import { verifySubscriberToken } from "../auth/subscriber-token.ts";
import type { Database } from "../db/client";

/** What the preference center shows: the subscriber its signed link names. */
export async function loadPreferences(prisma: Database, { token, secret }: { token: string; secret: string }) {
  const check = verifySubscriberToken(token, { purpose: "preferences", secret });
  if (!check.ok) return null;
  // An erased row answers like a stranger: its old links must not bring it back.
  return prisma.subscriber.findFirst({
    where: { id: check.subscriberId, NOT: { source: "erased" } },
    select: { id: true, email: true, name: true, status: true, publication: { select: { name: true, siteUrl: true } } },
  });
}

const change = z.discriminatedUnion("action", [
  z.object({ action: z.literal("unsubscribe") }),
  z.object({ action: z.literal("resubscribe") }),
  z.object({ action: z.literal("rename"), name: z.string().trim().max(100, "must be at most 100 characters") }),
]);

export type PreferencesResult = { ok: true; status: string } | { ok: false; reason: "invalid-link" | "suppressed" } | { ok: false; reason: "invalid"; message: string };

/**
 * Changes made from the link in an email. The link proves the address, so
 * coming back needs no second confirmation; an address that bounced or
 * complained stays suppressed (mail to it would hurt every reader's delivery).
 */
export async function updatePreferences(prisma: Database, { token, secret, input }: { token: string; secret: string; input: unknown }): Promise<PreferencesResult> {
  const check = verifySubscriberToken(token, { purpose: "preferences", secret });
  if (!check.ok) return { ok: false, reason: "invalid-link" };
  const parsed = change.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid", message: parsed.error.issues[0]?.message ?? "is not a change we know" };
  const subscriber = await prisma.subscriber.findFirst({ where: { id: check.subscriberId, NOT: { source: "erased" } }, select: { status: true } });
  if (!subscriber) return { ok: false, reason: "invalid-link" };
  const request = parsed.data;
  if (request.action === "rename") {
    await prisma.subscriber.update({ where: { id: check.subscriberId }, data: { name: request.name || null } });
    return { ok: true, status: subscriber.status };
  }
  if (subscriber.status === "bounced" || subscriber.status === "complained") return { ok: false, reason: "suppressed" };
  const status = request.action === "unsubscribe" ? "unsubscribed" : "active";
  await prisma.subscriber.update({ where: { id: check.subscriberId }, data: { status } });
  return { ok: true, status };
}
