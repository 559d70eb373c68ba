import { expect } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { getImportJob } from "@/lib/audience/import/import-jobs";
import { commands } from "@/lib/commands";
import type { Database } from "@/lib/db/client";

/** Uploads `bytes` as a CSV, previews it with the guessed mapping, and returns the job as its page shows it. */
export async function previewCsv(prisma: Database, editor: Actor, bytes: Uint8Array) {
  const uploaded = await commands.uploadImport(prisma, editor, { file: new File([bytes as BlobPart], "list.csv", { type: "text/csv" }) });
  if (!uploaded.ok) throw new Error(uploaded.message);
  const job = (await getImportJob(prisma, uploaded.id))!;
  expect(await commands.previewImport(prisma, editor, { id: job.id, mapping: job.mapping })).toEqual({ ok: true });
  return (await getImportJob(prisma, job.id))!;
}
