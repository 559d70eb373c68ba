import { z } from "zod";
import type { Database } from "../db/client";
import { authorize, type Actor } from "../auth/permissions.ts";
import { richText } from "../blocks/fields.ts";
import { invalid, type Invalid } from "../forms/field-errors.ts";
import { isWebUrl } from "../rich-text/safe-url.ts";
import { contrastRatio, isHexColor } from "../text/contrast-ratio.ts";
import { isTimeZone } from "../time/time-zone-choices.ts";
import { getPublication } from "./get-publication.ts";

/** Links and section titles in the accent colour sit on white: WCAG AA asks 4.5:1 of text. */
export const ACCENT_MIN_CONTRAST = 4.5;

const line = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).refine((v) => !/[\r\n]/.test(v), "must be a single line");
const email = z.string().trim().toLowerCase().email("must be an email address").max(320);

export const settingsInput = z.object({
  name: line(100).pipe(z.string().min(1, "is required")),
  description: z.string().trim().max(500, "must be at most 500 characters"),
  siteUrl: z.string().trim().refine(isWebUrl, "must be an http(s) URL such as https://news.example.com").transform((url) => url.replace(/\/+$/, "")),
  senderName: line(100).pipe(z.string().min(1, "is required")),
  senderEmail: email,
  replyTo: z.union([z.literal(""), email]).transform((value) => value || null),
  // Required by anti-spam law (CAN-SPAM) in every issue's footer; blank is allowed while setting up.
  postalAddress: z.string().trim().max(300, "must be at most 300 characters"),
  timezone: z.string().refine(isTimeZone, "must be an IANA time zone such as Europe/Berlin"),
  // The welcome email (empty: the built-in text). Optional so a form without them leaves them as they are.
  welcomeSubject: line(150).optional(),
  // Markdown, held to the composer's rules (lib/blocks/fields.ts): http(s) and mailto links only, and no
  // markup that would take the renderer far longer than its length says, rendered at every confirmation.
  welcomeBody: z.string().trim().pipe(richText(5_000)).optional(),
  // Optional as the welcome email's fields are; empty removes the logo.
  logoUrl: z
    .string()
    .trim()
    .max(2_000, "must be at most 2,000 characters")
    .refine((url) => url === "" || isWebUrl(url), "must be the http(s) URL of an image, or empty")
    .optional(),
  // Optional too; empty keeps the built-in colours.
  accentColor: z
    .string()
    .trim()
    .toLowerCase()
    .superRefine((colour, context) => {
      if (colour === "") return;
      if (!isHexColor(colour)) return void context.addIssue({ code: "custom", message: "must be a colour written #rrggbb, such as #0f766e, or empty" });
      const ratio = contrastRatio(colour, "#ffffff");
      if (ratio < ACCENT_MIN_CONTRAST) context.addIssue({ code: "custom", message: `is too light to read on white (contrast ${ratio.toFixed(1)}:1; links need ${ACCENT_MIN_CONTRAST}:1): choose a darker one` });
    })
    .optional(),
});

export type UpdateSettingsResult = { ok: true } | { ok: false; reason: "no-publication" } | Invalid;

export async function updateSettings(prisma: Database, actor: Actor, raw: unknown): Promise<UpdateSettingsResult> {
  authorize(actor, "settings.manage");
  const parsed = settingsInput.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const publication = await getPublication(prisma);
  if (!publication) return { ok: false, reason: "no-publication" };
  await prisma.publication.update({ where: { id: publication.id }, data: parsed.data });
  return { ok: true };
}
