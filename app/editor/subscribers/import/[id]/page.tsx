import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { previewImportAction, startImportAction } from "@/app/editor/actions";
import { RefreshWhile } from "@/components/editor/refresh-while";
import { IMPORT_FILE_HOURS, importFileExpiresAt } from "@/lib/audience/import/forget-import-files";
import { getImportJob } from "@/lib/audience/import/import-jobs";
import { MAPPED_FIELDS } from "@/lib/audience/import/mapping";
import { requireActor } from "@/lib/auth/current-actor";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";
import { ScrollTable } from "@/components/editor/scroll-table";
import { Alert } from "@/components/editor/page-messages";
import { readPageMessage } from "@/lib/web/page-message";

export const metadata: Metadata = { title: "Import subscribers" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> };

const FIELD_LABELS: Record<(typeof MAPPED_FIELDS)[number], string> = { email: "Email (required)", name: "Name", tags: "Tags", createdAt: "Created date", status: "Status" };
const DELIMITER_NAMES: Record<string, string> = { ",": "commas", ";": "semicolons", "\t": "tabs" };

export default async function ImportJobPage({ params, searchParams }: Props) {
  await requireActor("subscribers.manage");
  const { id } = await params;
  const query = await searchParams;
  const job = await getImportJob(db(), id);
  if (!job) notFound();
  const editable = job.status === "pending" || job.status === "previewed";
  const active = job.status === "queued" || job.status === "running";
  const expired = job.status === "expired";
  const n = (value: number) => value.toLocaleString("en");
  const timezone = (await getPublication(db()))?.timezone ?? "UTC";
  const format = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: timezone });
  return (
    <>
      <p className="crumbs">
        <Link href="/editor/subscribers">Subscribers</Link> › <Link href="/editor/subscribers/import">Import</Link> › {job.fileName}
      </p>
      <h1>Import: {job.fileName}</h1>
      <p className="muted">
        {(job.fileSize / 1024).toFixed(1)} KB, read as {job.encoding === "utf-8" ? "UTF-8" : "Windows-1252 (Latin-1)"} with {DELIMITER_NAMES[job.delimiter]}, {job.headers.length}{" "}
        columns. Status: <strong data-testid="import-status">{job.status}</strong>.
      </p>
      <Alert message={readPageMessage(query).error} />

      {/* The file waits a day from the last upload or preview, then pruning deletes it (lib/audience/import/forget-import-files.ts): the editor is told the deadline. */}
      {editable ? (
        <p className="muted" data-testid="import-expiry">
          The file is kept until {format.format(importFileExpiresAt(job))}, {IMPORT_FILE_HOURS} hours after it was last uploaded or previewed. If the import has not
          started by then, it is deleted and you upload it again.
        </p>
      ) : null}

      {expired ? (
        <section aria-labelledby="import-expired">
          <h2 id="import-expired">Expired: upload the file again</h2>
          <Alert message={job.failure ?? "The file of this import was deleted."} />
          <Link href="/editor/subscribers/import">Upload a file</Link>
        </section>
      ) : null}

      {editable ? (
        <form action={previewImportAction} className="stack invite">
          <h2>1. Map the columns</h2>
          <input type="hidden" name="id" value={job.id} />
          {MAPPED_FIELDS.map((field) => (
            <div className="field" key={field}>
              <label htmlFor={`map-${field}`}>{FIELD_LABELS[field]}</label>
              <select id={`map-${field}`} name={field} defaultValue={(job.mapping[field] ?? null) === null || job.mapping[field] === -1 ? "" : String(job.mapping[field])}>
                <option value="">(none)</option>
                {job.headers.map((header, index) => (
                  <option key={index} value={String(index)}>
                    {header || `Column ${index + 1}`}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <p className="muted">
            A status column (this site&apos;s export, Mailchimp, Substack, Ghost) keeps people who left as they were: rows saying unsubscribed, opted out or no are
            imported as unsubscribed; bounced or cleaned as bounced; complained, spam or abuse as complained. They are never mailed, and someone already here who is
            active or pending moves to that status. Active, subscribed, pending or an empty cell leave it to the consent choice below.
          </p>
          <button type="submit" className={job.status === "pending" ? "primary" : "secondary"}>
            {job.status === "pending" ? "Preview the import" : "Preview again"}
          </button>
        </form>
      ) : null}

      {job.status !== "pending" && !expired ? (
        <section aria-labelledby="import-counts">
          <h2 id="import-counts">{job.status === "previewed" ? "2. Preview (nothing imported yet)" : "The file"}</h2>
          <ScrollTable label="What the file holds">
            <tbody>
              <tr>
                <th scope="row">Rows</th>
                <td>{n(job.totalRows)}</td>
              </tr>
              <tr>
                <th scope="row">Valid</th>
                <td data-testid="count-valid">{n(job.validRows)}</td>
              </tr>
              <tr>
                <th scope="row">Invalid (left out)</th>
                <td data-testid="count-invalid">{n(job.invalidRows)}</td>
              </tr>
              <tr>
                <th scope="row">Duplicates in the file (first one kept)</th>
                <td>{n(job.duplicateRows)}</td>
              </tr>
              <tr>
                <th scope="row">Already unsubscribed here (left as they are)</th>
                <td>{n(job.unsubscribedRows)}</td>
              </tr>
              <tr>
                <th scope="row">Suppressed here: bounced or complained (left as they are)</th>
                <td>{n(job.suppressedRows)}</td>
              </tr>
              <tr>
                <th scope="row">Marked unsubscribed in the file (added or moved to unsubscribed, never mailed)</th>
                <td data-testid="count-marked-unsubscribed">{n(job.markedUnsubscribedRows)}</td>
              </tr>
              <tr>
                <th scope="row">Marked bounced or spam in the file (added or moved to bounced or complained, never mailed)</th>
                <td data-testid="count-marked-suppressed">{n(job.markedSuppressedRows)}</td>
              </tr>
            </tbody>
          </ScrollTable>
          {job.errors.length > 0 ? (
            <>
              <h3>Invalid rows{job.invalidRows > job.errors.length ? ` (the first ${job.errors.length})` : ""}</h3>
              <ScrollTable label="Invalid rows">
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {job.errors.map((error) => (
                    <tr key={error.row}>
                      <td>{error.row}</td>
                      <td>{error.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
            </>
          ) : null}
        </section>
      ) : null}

      {job.status === "previewed" ? (
        <form action={startImportAction} className="stack invite">
          <h2>3. Import</h2>
          <input type="hidden" name="id" value={job.id} />
          <label className="radio">
            <input type="checkbox" name="consent" /> I have consent from every person in this file. New people, and pending ones, are imported as active
            (unless the file marks them unsubscribed, bounced or spam).
          </label>
          <p className="muted">
            Unticked, new people are added as pending and each gets a confirmation email (double opt-in). Either way, addresses that unsubscribed, bounced or
            complained here stay as they are and get nothing: someone who unsubscribed can come back through the subscribe form or their preferences link.
          </p>
          <button type="submit" className="primary" disabled={job.validRows === 0}>
            Import {n(job.validRows)} {job.validRows === 1 ? "row" : "rows"}
          </button>
        </form>
      ) : null}

      {!editable && !expired ? (
        <section aria-labelledby="import-progress">
          <h2 id="import-progress">{active ? "Importing…" : job.status === "done" ? "Imported" : "The import failed"}</h2>
          <RefreshWhile active={active} />
          {active ? <progress max={Math.max(job.totalRows, 1)} value={job.processedRows} aria-label="Rows read" /> : null}
          <p role="status" data-testid="import-result">
            {n(job.processedRows)} of {n(job.totalRows)} rows read: {n(job.imported)} new, {n(job.updated)} already here and updated, {n(job.skipped)} left alone
            (unsubscribed or suppressed here), {n(job.confirmationsSent)} confirmation emails sent.
            {job.markedUnsubscribedRows + job.markedSuppressedRows > 0
              ? ` Of the new and updated, ${n(job.markedUnsubscribedRows)} are unsubscribed and ${n(job.markedSuppressedRows)} bounced or complained, as the file marks them.`
              : null}
          </p>
          <Alert message={job.failure} />
          {job.status === "done" ? <Link href="/editor/subscribers?sort=newest">See the subscribers</Link> : null}
        </section>
      ) : null}
    </>
  );
}
