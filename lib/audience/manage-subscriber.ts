import { z } from "zod";
import { config } from "../config.ts";
import type { Database } from "../db/client";
import { isUniqueViolation } from "../db/unique-violation.ts";
import { authorize, type Actor } from "../auth/permissions.ts";
import { signingSecret } from "../auth/signing-secret.ts";
import { invalid, type Invalid } from "../forms/field-errors.ts";
import { getPublication } from "../publication/get-publication.ts";
import { sendConfirmationEmail } from "../subscribers/send-confirmation-email.ts";
import { findSubscriberIdByAddress } from "../subscribers/find-by-address.ts";
import { forgetImportFiles } from "./import/forget-import-files.ts";

const addInput = z.object({
  email: z.string().trim().max(320, "is too long").email("must be an email address"),
  name: z.string().trim().max(100, "must be at most 100 characters").optional(),
  /** Ticked: the editor has this person's consent, so no confirmation email. */
  consent: z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean()),
  /** Where they came from: the subscribers page, or the API (lib/api/). */
  source: z.enum(["manual", "api"]).default("manual"),
});

export type AddSubscriberResult = { ok: true; id: string; status: "active" | "pending" } | { ok: false; reason: "exists"; id: string } | { ok: false; reason: "no-publication" } | Invalid;

/**
 * Adds one person by hand. With consent they are active at once; without,
 * they get the same confirmation email as the public form and stay pending
 * until they confirm.
 */
export async function addSubscriber(prisma: Database, actor: Actor, raw: unknown): Promise<AddSubscriberResult> {
  authorize(actor, "subscribers.manage");
  const parsed = addInput.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const publication = await getPublication(prisma);
  if (!publication) return { ok: false, reason: "no-publication" };
  const { email, name, consent, source } = parsed.data;
  // Erased rows too: one holds only a placeholder address, never a real one, so it matches no real address.
  const existing = await findSubscriberIdByAddress(prisma, { publicationId: publication.id, email, includeErased: true });
  if (existing) return { ok: false, reason: "exists", id: existing };
  if (!consent) {
    // Created here rather than through the public form's path: that one is rate-limited per caller (20 an
    // hour), which an editor adding people, or an API sync, passes quickly. The confirmation email keeps
    // its own limit per address.
    const created = await prisma.subscriber
      .create({ data: { publicationId: publication.id, email, name: name || null, status: "pending", source }, select: { id: true, email: true, name: true } })
      .catch((error: unknown) => (isUniqueViolation(error) ? null : Promise.reject(error)));
    // Someone else added the address a moment ago: the unique index on lower(email) decided.
    if (!created) return existsNow(prisma, publication.id, email);
    await sendConfirmationEmail(prisma, publication, created, { appUrl: config().APP_URL, secret: signingSecret() });
    return { ok: true, id: created.id, status: "pending" };
  }
  const created = await prisma.subscriber.create({ data: { publicationId: publication.id, email, name: name || null, status: "active", source }, select: { id: true } })
    .catch((error: unknown) => (isUniqueViolation(error) ? null : Promise.reject(error)));
  if (!created) return existsNow(prisma, publication.id, email);
  return { ok: true, id: created.id, status: "active" };
}

async function existsNow(prisma: Database, publicationId: string, email: string): Promise<AddSubscriberResult> {
  const found = await findSubscriberIdByAddress(prisma, { publicationId, email, includeErased: true });
  if (!found) throw new Error(`The address ${email} was taken a moment ago, but no subscriber has it now.`);
  return { ok: false, reason: "exists", id: found };
}

const editInput = z.object({
  id: z.string().min(1),
  name: z.string().trim().max(100, "must be at most 100 characters"),
  /** Editors may stop mail (unsubscribe) but never restart it for someone: only the subscriber can. */
  unsubscribe: z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean()),
});

export async function editSubscriber(prisma: Database, actor: Actor, raw: unknown): Promise<{ ok: true } | { ok: false; reason: "not-found" } | Invalid> {
  authorize(actor, "subscribers.manage");
  const parsed = editInput.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { id, name, unsubscribe } = parsed.data;
  // An erased row stays empty: it exists only to keep counts.
  const { count } = await prisma.subscriber.updateMany({ where: { id, NOT: { source: "erased" } }, data: { name: name || null } });
  if (count === 0) return { ok: false, reason: "not-found" };
  if (unsubscribe) await prisma.subscriber.updateMany({ where: { id, status: { in: ["active", "pending"] } }, data: { status: "unsubscribed" } });
  return { ok: true };
}

/**
 * GDPR erasure: the person's data goes (address, name, stored copies of
 * their mail, link URLs they clicked), the rows that count stay anonymous,
 * so past sends still add up. The address cannot be recovered; the row can never be
 * mailed again.
 */
export async function eraseSubscriber(prisma: Database, actor: Actor, { id }: { id: string }): Promise<boolean> {
  authorize(actor, "subscribers.manage");
  return prisma.$transaction(async (tx) => {
    const person = await tx.subscriber.findFirst({ where: { id, NOT: { source: "erased" } }, select: { email: true, publicationId: true } });
    if (!person) return false;
    // Uploaded files of imports not yet ended may hold their address: they go, and those imports with them.
    await forgetImportFiles(tx, person.publicationId);
    await tx.subscriber.update({
      where: { id },
      data: { email: `erased-${id}@erased.invalid`, name: null, status: "unsubscribed", source: "erased" },
    });
    // Every stored copy of mail to them: issues, and confirmation or welcome mail that had no ledger row.
    // By address regardless of case, and exactly: not with Prisma's insensitive `equals` (lib/subscribers/find-by-address.ts).
    await tx.outboxMessage.deleteMany({ where: { delivery: { subscriberId: id } } });
    await tx.$executeRaw`DELETE FROM "OutboxMessage" WHERE lower("toAddress") = lower(${person.email})`;
    // Their words on the unsubscribe page go; the reason they chose stays countable.
    await tx.unsubscribeReason.updateMany({ where: { subscriberId: id }, data: { comment: "" } });
    // A clicked link may carry their address ({{email}} in a URL); which story was clicked stays countable.
    await tx.deliveryEvent.updateMany({ where: { delivery: { subscriberId: id }, url: { not: null } }, data: { url: "(erased)" } });
    // Nothing more goes to them, even from a send under way.
    await tx.delivery.updateMany({ where: { subscriberId: id, status: "queued" }, data: { status: "skipped", lastError: null } });
    await tx.delivery.updateMany({ where: { subscriberId: id }, data: { lastError: null } });
    // Webhook events about them, queued or logged, carry the erased placeholder instead of their address and name,
    // and `subscriber.erased` tells the software that holds a copy (a CRM) to erase theirs, whatever their status was.
    const placeholder = `erased-${id}@erased.invalid`;
    await tx.$executeRaw`
      UPDATE "WebhookDelivery" SET "payload" = "payload" || jsonb_build_object('email', ${placeholder}::text, 'name', NULL::text, 'source', 'erased')
      WHERE "event" LIKE 'subscriber.%' AND "payload"->>'id' = ${id}`;
    // The API's kept answers (Idempotency-Key) that show them: a replay must not hand their address back.
    await tx.$executeRaw`DELETE FROM "ApiIdempotencyKey" WHERE "body"->'data'->>'id' = ${id}`;
    const endpoints = await tx.webhookEndpoint.findMany({ where: { publicationId: person.publicationId, disabledAt: null, events: { has: "subscriber.erased" } }, select: { id: true } });
    const now = new Date();
    await tx.webhookDelivery.createMany({
      data: endpoints.map((endpoint) => ({ endpointId: endpoint.id, event: "subscriber.erased", payload: { id, email: placeholder, name: null, status: "unsubscribed", source: "erased", at: now.toISOString() }, nextAttemptAt: now, createdAt: now })),
    });
    return true;
  });
}

export type ResendConfirmationResult = { ok: true } | { ok: false; reason: "not-found" | "not-pending" | "not-sent"; message: string };

/**
 * The double opt-in email again, for someone still pending ("I never got
 * it"). The limit per address still holds (one per 10 minutes, whoever asks),
 * so a click cannot flood anyone's inbox.
 */
export async function resendConfirmation(prisma: Database, actor: Actor, { id }: { id: string }): Promise<ResendConfirmationResult> {
  authorize(actor, "subscribers.manage");
  const publication = await getPublication(prisma);
  const subscriber = publication ? await prisma.subscriber.findFirst({ where: { id, publicationId: publication.id, NOT: { source: "erased" } }, select: { id: true, email: true, status: true } }) : null;
  if (!publication || !subscriber) return { ok: false, reason: "not-found", message: "No such subscriber." };
  if (subscriber.status !== "pending") return { ok: false, reason: "not-pending", message: "Only someone who has not confirmed yet is sent the confirmation email." };
  const sent = await sendConfirmationEmail(prisma, publication, subscriber, { appUrl: config().APP_URL, secret: signingSecret() });
  return sent ? { ok: true } : { ok: false, reason: "not-sent", message: "Not sent: a confirmation email went to this address less than 10 minutes ago, or the mail transport refused it. Try again later." };
}
