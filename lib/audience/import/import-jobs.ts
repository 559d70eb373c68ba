import { z } from "zod";
import type { Actor } from "../../auth/permissions.ts";
import type { Database } from "../../db/client";
import type { ImportJob } from "../../db/generated/client";
import { getPublication } from "../../publication/get-publication.ts";
import { guessMapping, parseMapping, type ImportMapping } from "./mapping.ts";
import { previewImport } from "./preview-import.ts";
import { decodeCsv, detectDelimiter, DELIMITERS, MAX_IMPORT_BYTES, readCsvRecords, type CsvDelimiter, type CsvEncoding } from "./read-csv.ts";
import type { ImportFile } from "./scan-rows.ts";

export type Refused = { ok: false; reason: "invalid" | "too-large" | "not-found" | "wrong-state"; message: string };
const refuse = (reason: Refused["reason"], message: string): Refused => ({ ok: false, reason, message });

/** What an upload sends: the file's name and bytes (a File from the upload's form data, or one made in tests and scripts). */
export type UploadInput = { file: unknown };

/**
 * Step 1: the editor uploads a file. It is checked (not empty, not too large,
 * text, a header row with at least one column), its encoding and delimiter
 * detected, the mapping guessed from the header, and it waits in the job
 * row for the preview. Nothing is imported yet.
 */
export async function uploadImport(prisma: Database, actor: Actor, { file }: UploadInput): Promise<{ ok: true; id: string } | Refused> {
  if (!(file instanceof Blob) || file.size === 0) return refuse("invalid", "Choose a CSV file to upload; the one sent was empty.");
  if (file.size > MAX_IMPORT_BYTES) return refuse("too-large", `The file is ${(file.size / 2 ** 20).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / 2 ** 20} MB. Split it into smaller files.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  // Text never holds NUL bytes; a spreadsheet (.xlsx is a zip), an image or a UTF-16 export does.
  if (bytes.includes(0)) return refuse("invalid", "This is not a CSV file (it holds binary data). In your spreadsheet, choose File → Save as → CSV (UTF-8).");
  const { text, encoding } = decodeCsv(bytes);
  const delimiter = detectDelimiter(text);
  const headers = await readHeader(text, delimiter);
  if (!headers || headers.every((header) => header === "")) return refuse("invalid", "The file has no header row. The first line must name the columns, for example: email,name,tags");
  const publication = await getPublication(prisma);
  if (!publication) return refuse("not-found", "Set up the publication first.");
  const name = "name" in file && typeof file.name === "string" && file.name ? file.name.slice(0, 200) : "upload.csv";
  const job = await prisma.importJob.create({
    data: { publicationId: publication.id, createdById: actor.id, fileName: name, file: bytes, fileSize: bytes.length, encoding, delimiter, headers, mapping: guessMapping(headers) },
    select: { id: true },
  });
  return { ok: true, id: job.id };
}

async function readHeader(text: string, delimiter: CsvDelimiter): Promise<string[] | null> {
  for await (const record of readCsvRecords(text, delimiter)) return record.kind === "record" ? record.fields.map((field) => field.trim()) : null;
  return null;
}

const previewInput = z.object({ id: z.string().min(1), mapping: z.unknown() });

/** Step 2: the editor confirms the column mapping and gets the dry run's counts. Repeatable until the import starts. */
export async function previewImportJob(prisma: Database, _actor: Actor, raw: unknown): Promise<{ ok: true } | Refused> {
  const parsed = previewInput.safeParse(raw);
  if (!parsed.success) return refuse("invalid", "Which import?");
  const job = await prisma.importJob.findUnique({ where: { id: parsed.data.id } });
  if (!job) return refuse("not-found", "This import does not exist (any more).");
  if (job.status !== "pending" && job.status !== "previewed") return refuse("wrong-state", notEditable(job));
  const mapping = parseMapping(parsed.data.mapping, headersOf(job).length);
  if (!mapping.ok) return refuse("invalid", mapping.message);
  const input = importFileOf({ ...job, mapping: mapping.mapping });
  if (!input) return refuse("wrong-state", "The file of this import is gone; upload it again.");
  const { errors, ...counts } = await previewImport(prisma, job.publicationId, input);
  const { count } = await prisma.importJob.updateMany({
    where: { id: job.id, status: { in: ["pending", "previewed"] } },
    data: { status: "previewed", mapping: mapping.mapping, ...counts, errors },
  });
  if (count === 1) return { ok: true };
  // Started, or expired, while the dry run read the file.
  const latest = await prisma.importJob.findUnique({ where: { id: job.id }, select: { status: true, failure: true } });
  return latest ? refuse("wrong-state", notEditable(latest)) : refuse("not-found", "This import does not exist (any more).");
}

/** Why a job's mapping can no longer change: it started, or its file expired (forget-import-files.ts says why). */
function notEditable(job: Pick<ImportJob, "status" | "failure">): string {
  return job.status === "expired" ? (job.failure ?? "The file of this import was deleted; upload it again.") : "This import has already started.";
}

const startInput = z.object({
  id: z.string().min(1),
  /** "I have consent": new and pending rows become active (unsubscribed and suppressed addresses never come back through an import). */
  consent: z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean()),
});

/** Step 3: the editor starts the previewed import; a worker runs it (lib/audience/import/run-import.ts). */
export async function startImportJob(prisma: Database, _actor: Actor, raw: unknown): Promise<{ ok: true } | Refused> {
  const parsed = startInput.safeParse(raw);
  if (!parsed.success) return refuse("invalid", "Which import?");
  const { count } = await prisma.importJob.updateMany({ where: { id: parsed.data.id, status: "previewed" }, data: { status: "queued", consent: parsed.data.consent } });
  if (count === 1) return { ok: true };
  const job = await prisma.importJob.findUnique({ where: { id: parsed.data.id }, select: { status: true, failure: true } });
  if (!job) return refuse("not-found", "This import does not exist (any more).");
  return refuse("wrong-state", job.status === "pending" ? "Preview the import before starting it." : notEditable(job));
}

export function headersOf(job: Pick<ImportJob, "headers">): string[] {
  return Array.isArray(job.headers) ? job.headers.map(String) : [];
}

/** The job's file and settings as the scanner reads them, or null when the file is gone or the mapping unset. */
export function importFileOf(job: Pick<ImportJob, "file" | "encoding" | "delimiter" | "headers"> & { mapping: unknown }): ImportFile | null {
  const columnCount = headersOf(job).length;
  const mapping = parseMapping(job.mapping, columnCount);
  if (!job.file || !mapping.ok || !DELIMITERS.includes(job.delimiter as CsvDelimiter)) return null;
  return { file: job.file, encoding: job.encoding as CsvEncoding, delimiter: job.delimiter as CsvDelimiter, columnCount, mapping: mapping.mapping };
}

/** The job for its page, without the file. */
export async function getImportJob(prisma: Database, id: string) {
  const job = await prisma.importJob.findUnique({ where: { id }, omit: { file: true }, include: { createdBy: { select: { name: true, email: true } } } });
  if (!job) return null;
  const mapping = parseMapping(job.mapping, headersOf(job).length);
  return { ...job, headers: headersOf(job), mapping: mapping.ok ? mapping.mapping : guessMapping(headersOf(job)), errors: rowErrorsOf(job.errors) };
}

function rowErrorsOf(value: unknown): { row: number; reason: string }[] {
  const parsed = z.array(z.object({ row: z.number(), reason: z.string() })).safeParse(value);
  return parsed.success ? parsed.data : [];
}

/** The latest imports, for the import page. */
export function listImportJobs(prisma: Database, publicationId: string) {
  return prisma.importJob.findMany({
    where: { publicationId },
    orderBy: { createdAt: "desc" },
    take: 10,
    select: { id: true, fileName: true, status: true, totalRows: true, imported: true, updated: true, createdAt: true },
  });
}

export type { ImportMapping };
