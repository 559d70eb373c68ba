import { randomBytes } from "node:crypto";
import { z } from "zod";
import { authorOf, type Actor } from "../auth/permissions.ts";
import type { Database } from "../db/client";
import { invalid, type Invalid } from "../forms/field-errors.ts";
import { getPublication } from "../publication/get-publication.ts";
import { releaseWebhookBacklog } from "./deliver-webhooks.ts";
import { WEBHOOK_EVENT_NAMES } from "./webhook-events.ts";

/** How many endpoints a publication may have: each event is posted to each, so a few are plenty. */
export const MAX_WEBHOOK_ENDPOINTS = 10;

/**
 * Where events may go: https, or http to this machine only (a receiver beside the app). The bodies carry
 * readers' addresses and the signature, so they never cross a network in clear; the address may not carry
 * a user name or password, which would be logged by every proxy on the way.
 */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be a full address, like https://example.com/hooks/newsletter";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must start with https://";
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol === "http:" && !local) return "must use https:// (plain http only to this machine: localhost or 127.0.0.1)";
  if (url.username || url.password) return "must not hold a user name or password: receivers check the signature instead";
  // Measured as stored (url.href, its non-ASCII percent-encoded: "é" is 6 characters there), which the column limits.
  if (url.href.length > 2000) return "must be at most 2,000 characters (non-Latin letters count as 6 or 9 once encoded)";
  return null;
}

const endpointInput = z.object({
  url: z
    .string({ error: "is required" })
    .trim()
    .min(1, "is required")
    .superRefine((value, context) => {
      const problem = webhookUrlProblem(value);
      if (problem) context.addIssue({ code: "custom", message: problem });
    })
    // As a URL writes itself ("HTTPS://Example.com" is "https://example.com/"), so stored and checked alike.
    .transform((value) => new URL(value).href),
  description: z.string().trim().max(200, "must be at most 200 characters").default(""),
  events: z.array(z.enum(WEBHOOK_EVENT_NAMES, { error: "are not all events this sends" }), { error: "choose at least one event" }).min(1, "choose at least one event"),
});

export type CreateWebhookResult = { ok: true; id: string } | { ok: false; reason: "no-publication" | "too-many" } | Invalid;

/** A new endpoint with its own signing secret (`whsec_`, 32 random bytes, as Standard Webhooks' libraries read it). */
export async function createWebhookEndpoint(prisma: Database, actor: Actor, raw: unknown): Promise<CreateWebhookResult> {
  const parsed = endpointInput.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const publication = await getPublication(prisma);
  if (!publication) return { ok: false, reason: "no-publication" };
  if ((await prisma.webhookEndpoint.count({ where: { publicationId: publication.id } })) >= MAX_WEBHOOK_ENDPOINTS) return { ok: false, reason: "too-many" };
  const created = await prisma.webhookEndpoint.create({
    data: {
      publicationId: publication.id,
      url: parsed.data.url,
      description: parsed.data.description,
      events: [...new Set(parsed.data.events)],
      secret: newWebhookSecret(),
      createdById: authorOf(actor).authorId,
    },
    select: { id: true },
  });
  return { ok: true, id: created.id };
}

/**
 * A new address, note or choice of events for an endpoint; its secret and log stay. Events already queued
 * go to the new address; events it no longer wants are no longer made, and those queued still go.
 */
export async function updateWebhookEndpoint(prisma: Database, _actor: Actor, raw: unknown): Promise<{ ok: true } | { ok: false; reason: "not-found" } | Invalid> {
  const id = typeof raw === "object" && raw !== null && "id" in raw && typeof raw.id === "string" ? raw.id : "";
  const parsed = endpointInput.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { count } = await prisma.webhookEndpoint.updateMany({ where: { id }, data: { url: parsed.data.url, description: parsed.data.description, events: [...new Set(parsed.data.events)] } });
  return count === 1 ? { ok: true } : { ok: false, reason: "not-found" };
}

/** Disabled: no new events are made for it, and what is queued waits. Enabled again: the queue goes on at once. */
export async function setWebhookEndpointEnabled(prisma: Database, _actor: Actor, { id, enabled }: { id: string; enabled: boolean }, now = new Date()): Promise<{ ok: boolean }> {
  if (!enabled) {
    const { count } = await prisma.webhookEndpoint.updateMany({ where: { id }, data: { disabledAt: now, disabledAutomatically: false, ownersNoticeDueAt: null } });
    return { ok: count === 1 };
  }
  // Enabling is the owner saying "the receiver works now": its failing streak starts afresh (a worker would
  // otherwise disable it again at the first failure, the streak being days old), and what waited goes at once.
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id },
      data: { disabledAt: null, disabledAutomatically: false, ownersNoticeDueAt: null, pausedUntil: null, failingSince: null, consecutiveFailures: 0 },
    });
    if (count === 1) await releaseWebhookBacklog(tx, id, now);
    return { ok: count === 1 };
  });
}

/** How long the secret a rotation replaced still signs deliveries, beside the new one. */
export const PREVIOUS_SECRET_HOURS = 24;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/**
 * A new signing secret (one that leaked, or a routine change). For PREVIOUS_SECRET_HOURS every delivery
 * carries a signature by each (Standard Webhooks allows several), so a receiver checking the old one goes
 * on verifying until it has the new one. Rotating again within that time drops the oldest.
 */
export async function rotateWebhookSecret(prisma: Database, _actor: Actor, { id }: { id: string }, now = new Date()): Promise<{ ok: boolean }> {
  const endpoint = await prisma.webhookEndpoint.findUnique({ where: { id }, select: { secret: true } });
  if (!endpoint) return { ok: false };
  const { count } = await prisma.webhookEndpoint.updateMany({
    // Only from the secret read: two rotations at once give one new secret, not a previous one nobody saw.
    where: { id, secret: endpoint.secret },
    data: { secret: newWebhookSecret(), previousSecret: endpoint.secret, previousSecretUntil: new Date(now.getTime() + PREVIOUS_SECRET_HOURS * 3_600_000) },
  });
  return { ok: count === 1 };
}

/** Gone with its queue and log. */
export async function deleteWebhookEndpoint(prisma: Database, _actor: Actor, { id }: { id: string }): Promise<{ ok: boolean }> {
  const { count } = await prisma.webhookEndpoint.deleteMany({ where: { id } });
  return { ok: count === 1 };
}

/** A failed delivery is posted again from its first attempt's schedule, at once (its endpoint's pause ended too). */
export async function retryWebhookDelivery(prisma: Database, _actor: Actor, { id }: { id: string }, now = new Date()): Promise<{ ok: boolean }> {
  const retried = await prisma.webhookDelivery.updateManyAndReturn({ where: { id, status: "failed" }, data: { status: "pending", attempts: 0, nextAttemptAt: now }, select: { endpointId: true } });
  if (retried[0]) await prisma.webhookEndpoint.updateMany({ where: { id: retried[0].endpointId }, data: { pausedUntil: null } });
  return { ok: retried.length === 1 };
}

/** The endpoints, each with its last 20 deliveries and how many wait. */
export async function listWebhookEndpoints(prisma: Database, publicationId: string) {
  const endpoints = await prisma.webhookEndpoint.findMany({
    where: { publicationId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      url: true,
      description: true,
      secret: true,
      previousSecretUntil: true,
      events: true,
      createdAt: true,
      disabledAt: true,
      disabledAutomatically: true,
      failingSince: true,
      consecutiveFailures: true,
      pausedUntil: true,
      createdBy: { select: { name: true, email: true } },
      deliveries: {
        orderBy: { createdAt: "desc" },
        take: 20,
        select: { id: true, event: true, payload: true, status: true, attempts: true, nextAttemptAt: true, lastAttemptAt: true, lastStatusCode: true, lastError: true, deliveredAt: true, createdAt: true },
      },
      _count: { select: { deliveries: { where: { status: "pending" } } } },
    },
  });
  return endpoints.map(({ _count, ...endpoint }) => ({ ...endpoint, pending: _count.deliveries }));
}
