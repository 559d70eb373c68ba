import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Actor } from "../auth/permissions.ts";
import type { Database } from "../db/client";
import { invalid, type Invalid } from "../forms/field-errors.ts";
import { getPublication } from "../publication/get-publication.ts";

/** What a key may do, as the role it acts with: the commands check it like a member's. */
export const API_KEY_ACCESS = { read: "viewer", write: "editor" } as const;
export type ApiKeyAccess = keyof typeof API_KEY_ACCESS;

/** "wk_" and 43 characters of base64url: 32 random bytes. */
export const API_KEY_PATTERN = /^wk_[A-Za-z0-9_-]{43}$/;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

const createInput = z.object({
  name: z.string({ error: "is required" }).trim().min(1, "is required").max(100, "must be at most 100 characters"),
  access: z.enum(["read", "write"], { error: "must be read, or read and write" }),
});

export type CreateApiKeyResult = { ok: true; id: string; key: string; prefix: string } | { ok: false; reason: "no-publication" } | Invalid;

/**
 * A new key, answered once in full: only its SHA-256 is stored, so it cannot
 * be shown again (a lost key is revoked and replaced). 32 random bytes, so a
 * fast hash is enough: there is nothing to guess.
 */
export async function createApiKey(prisma: Database, actor: Actor, raw: unknown): Promise<CreateApiKeyResult> {
  const parsed = createInput.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const publication = await getPublication(prisma);
  if (!publication) return { ok: false, reason: "no-publication" };
  const key = `wk_${randomBytes(32).toString("base64url")}`;
  const prefix = key.slice(0, 11);
  const created = await prisma.apiKey.create({
    data: { publicationId: publication.id, name: parsed.data.name, prefix, keyHash: hashApiKey(key), role: API_KEY_ACCESS[parsed.data.access], createdById: actor.id },
    select: { id: true },
  });
  return { ok: true, id: created.id, key, prefix };
}

/** Refused from the next request on; the row stays, so the list shows what was revoked and when. */
export async function revokeApiKey(prisma: Database, _actor: Actor, { id }: { id: string }): Promise<{ ok: boolean }> {
  const { count } = await prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return { ok: count === 1 };
}

export async function listApiKeys(prisma: Database, publicationId: string) {
  return prisma.apiKey.findMany({
    where: { publicationId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, role: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdBy: { select: { name: true, email: true } } },
  });
}
