import type { Metadata } from "next";
import Link from "next/link";
import { revokeApiKeyAction } from "@/app/editor/actions";
import { CreateApiKeyForm } from "@/components/editor/create-api-key-form";
import { ScrollTable } from "@/components/editor/scroll-table";
import { listApiKeys } from "@/lib/api/api-keys";
import { requireActor } from "@/lib/auth/current-actor";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { getPublication } from "@/lib/publication/get-publication";
import { Alert, Notice } from "@/components/editor/page-messages";
import { readPageMessage } from "@/lib/web/page-message";

export const metadata: Metadata = { title: "API keys" };

type Props = { searchParams: Promise<{ revoked?: string }> };

/** Keys for the HTTP API (lib/api/), for the owner: make one (shown once), see when each was last used, revoke. */
export default async function ApiKeysPage({ searchParams }: Props) {
  await requireActor("api.manage");
  const query = await searchParams;
  const { revoked } = query;
  const { error } = readPageMessage(query);
  const publication = await getPublication(db());
  if (!publication) return <p>No publication yet.</p>;
  const keys = await listApiKeys(db(), publication.id);
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: publication.timezone });
  const endpoint = `${config().APP_URL}/api/v1/subscribers`;
  return (
    <>
      <p className="crumbs">
        <Link href="/editor/settings">Settings</Link> › API keys
      </p>
      <h1>API keys</h1>
      <p>
        Other software (a sign-up on your shop, a CRM sync) reaches your subscribers through the API at <code>{endpoint}</code>, sending a key as{" "}
        <code>Authorization: Bearer wk_…</code>. Each key is limited to 300 requests a minute. Keep keys on servers: anyone holding one acts as it.
      </p>
      <ul className="muted">
        <li>
          <code>GET /api/v1/subscribers</code>: 50 a page, newest first; filter with <code>status</code>, <code>tag</code> (a name), <code>q</code>, <code>engagement</code>; the
          answer&apos;s <code>next</code> goes in <code>after</code> for the next page.
        </li>
        <li>
          <code>POST /api/v1/subscribers</code> with <code>{`{"email", "name", "consent", "tags"}`}</code>: with <code>consent: true</code> active at once, otherwise
          pending with the confirmation email. An address already here is 409.
        </li>
        <li>
          <code>GET</code>, <code>PATCH</code> (<code>name</code>, <code>tags</code>, <code>{`"status": "unsubscribed"`}</code>) and <code>DELETE</code> (erasure){" "}
          <code>/api/v1/subscribers/&lt;id or email&gt;</code>.
        </li>
        <li>
          <code>GET /api/v1/issues</code> and <code>GET /api/v1/issues/&lt;number&gt;</code>: the published issues, and one as its typed blocks and as Markdown. Any key
          may read them.
        </li>
        <li>
          <code>POST /api/v1/issues</code> with typed blocks or Markdown makes a draft, and <code>PUT /api/v1/issues/&lt;number&gt;</code> with the{" "}
          <code>version</code> last read replaces a draft&apos;s content (read and write keys, which also read drafts and list them with{" "}
          <code>?status=draft</code>). Sending stays in the composer.
        </li>
      </ul>
      <Notice when={revoked}>
        Revoked. Requests with that key are refused from now on.
      </Notice>
      <Alert message={error} />
      <h2>Make a key</h2>
      <CreateApiKeyForm />
      <h2>Keys</h2>
      {keys.length === 0 ? (
        <p className="muted">No keys yet.</p>
      ) : (
        <ScrollTable label="API keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">May</th>
              <th scope="col">Made</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{key.role === "editor" ? "Read and write" : "Read"}</td>
                <td>
                  {when.format(key.createdAt)}
                  {key.createdBy ? <span className="muted"> · {key.createdBy.name ?? key.createdBy.email}</span> : null}
                </td>
                <td>{key.lastUsedAt ? when.format(key.lastUsedAt) : "Never"}</td>
                <td>
                  {key.revokedAt ? (
                    <span className="muted">Revoked {when.format(key.revokedAt)}</span>
                  ) : (
                    <form action={revokeApiKeyAction}>
                      <input type="hidden" name="id" value={key.id} />
                      <button type="submit" className="link-button danger" aria-label={`Revoke the key ${key.name}`}>
                        Revoke
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </>
  );
}
