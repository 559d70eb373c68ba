import { z } from "zod";
import type { Database } from "../db/client";
import { hashPassword } from "../auth/password.ts";
import { passwordProblem } from "../auth/password-rules.ts";
import { fieldErrors, type Invalid } from "../forms/field-errors.ts";
import { getPublication } from "../publication/get-publication.ts";
import { settingsInput } from "../publication/update-settings.ts";

/** Any constant works: it only has to differ from the other advisory locks in lib/. */
const SETUP_LOCK = 5_120_002;

export const ownerInput = z.object({
  email: z.string().trim().toLowerCase().email("must be an email address").max(320),
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  password: z.string().superRefine((password, ctx) => {
    const problem = passwordProblem(password);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});

/**
 * The publication, when setup makes it (a database with none: every install but the demo's): its name, which
 * is also the sender's name until the settings say otherwise, where its site lives, the From address of
 * its issues, and its time zone. The rest has defaults, and the settings page changes any of it.
 */
const asked = <T extends z.ZodType>(field: T) => z.preprocess((value) => value ?? "", field);
export const firstPublicationInput = z.object({
  publicationName: asked(settingsInput.shape.name),
  siteUrl: asked(settingsInput.shape.siteUrl),
  senderEmail: asked(settingsInput.shape.senderEmail),
  timezone: asked(settingsInput.shape.timezone),
});

export type CreateOwnerResult = { ok: true; userId: string } | { ok: false; reason: "setup-closed" } | Invalid;

/**
 * First run only: creates the owner while there are no users, and the publication if there is none yet
 * (the embedded database's demo has one), in one transaction. Two racing setups create one owner.
 */
export async function createOwner(prisma: Database, input: unknown): Promise<CreateOwnerResult> {
  const parsed = ownerInput.safeParse(input);
  const publication = (await setupNeedsPublication(prisma)) ? firstPublicationInput.safeParse(input) : null;
  if (!parsed.success || (publication && !publication.success)) {
    return {
      ok: false,
      reason: "invalid",
      fieldErrors: { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(publication && !publication.success ? fieldErrors(publication.error) : {}) },
    };
  }
  const passwordHash = await hashPassword(parsed.data.password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if ((await tx.user.count()) > 0) return { ok: false as const, reason: "setup-closed" as const };
    if (publication?.data && (await tx.publication.count()) === 0) {
      const { publicationName, ...rest } = publication.data;
      await tx.publication.create({ data: { name: publicationName, senderName: publicationName, ...rest } });
    }
    const user = await tx.user.create({
      data: { email: parsed.data.email, name: parsed.data.name, role: "owner", passwordHash },
      select: { id: true },
    });
    return { ok: true as const, userId: user.id };
  });
}

/** Whether setup must make the publication too: the form then asks for it. */
export async function setupNeedsPublication(prisma: Database): Promise<boolean> {
  return (await getPublication(prisma)) === null;
}

export async function isSetupOpen(prisma: Database): Promise<boolean> {
  return (await prisma.user.count()) === 0;
}
