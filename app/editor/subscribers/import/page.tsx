import type { Metadata } from "next";
import Link from "next/link";
import { listImportJobs } from "@/lib/audience/import/import-jobs";
import { MAX_IMPORT_BYTES } from "@/lib/audience/import/read-csv";
import { requireActor } from "@/lib/auth/current-actor";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";
import { ScrollTable } from "@/components/editor/scroll-table";
import { Alert } from "@/components/editor/page-messages";
import { readPageMessage } from "@/lib/web/page-message";

export const metadata: Metadata = { title: "Import subscribers" };

type Props = { searchParams: Promise<Record<string, string | undefined>> };

export default async function ImportPage({ searchParams }: Props) {
  await requireActor("subscribers.manage");
  const params = await searchParams;
  const publication = await getPublication(db());
  if (!publication) return <p>No publication yet.</p>;
  const jobs = await listImportJobs(db(), publication.id);
  const format = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: publication.timezone });
  return (
    <>
      <p className="crumbs">
        <Link href="/editor/subscribers">Subscribers</Link> › Import
      </p>
      <h1>Import subscribers from a CSV file</h1>
      <Alert message={readPageMessage(params).error} />
      {/* A plain form post to the upload route (./upload/route.ts), which answers with the job's page: it works without JavaScript. */}
      <form method="post" action="/editor/subscribers/import/upload" encType="multipart/form-data" className="stack invite">
        <p className="muted">
          One row per person, with a header row naming the columns: an email column, and optionally a name, tags (separated by ; or |) and a created date
          (2024-03-01). Commas, semicolons or tabs; UTF-8, Latin-1 or Windows-1252; up to {MAX_IMPORT_BYTES / 2 ** 20} MB. Nothing is imported until you have
          seen the preview.
        </p>
        <div className="field">
          <label htmlFor="import-file">CSV file</label>
          <input id="import-file" name="file" type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" required />
        </div>
        <button type="submit" className="primary">
          Upload and map columns
        </button>
      </form>
      {jobs.length > 0 ? (
        <>
          <h2>Recent imports</h2>
          <ScrollTable label="Recent imports">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col">Rows</th>
                <th scope="col">New / updated</th>
                <th scope="col">Uploaded</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id}>
                  <td>
                    <Link href={`/editor/subscribers/import/${job.id}`}>{job.fileName}</Link>
                  </td>
                  <td>{job.status === "expired" ? "expired: upload again" : job.status}</td>
                  <td>{job.totalRows.toLocaleString("en")}</td>
                  <td>
                    {job.imported.toLocaleString("en")} / {job.updated.toLocaleString("en")}
                  </td>
                  <td>{format.format(job.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </>
      ) : null}
    </>
  );
}
