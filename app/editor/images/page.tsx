import type { Metadata } from "next";
import Link from "next/link";
import { deleteImageAction } from "@/app/editor/actions";
import { CopyTextButton } from "@/components/editor/copy-text-button";
import { UploadImagesButton } from "@/components/editor/upload-images-button";
import { requireActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { describeImageUse } from "@/lib/media/delete-image";
import type { ImageUse } from "@/lib/media/find-image-uses";
import { listImages, type ImageFilter } from "@/lib/media/list-images";
import { getPublication } from "@/lib/publication/get-publication";
import { Alert, Notice } from "@/components/editor/page-messages";
import { readPageMessage } from "@/lib/web/page-message";

export const metadata: Metadata = { title: "Images" };

type Props = { searchParams: Promise<{ show?: string; after?: string; deleted?: string }> };

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 2 ** 20).toFixed(1)} MB`);

function UseLink({ use }: { use: ImageUse }) {
  const href = use.kind === "issue" ? `/editor/issues/${use.id}` : use.kind === "logo" ? "/editor/settings" : "/editor/library";
  return <Link href={href}>{describeImageUse(use)}</Link>;
}

/**
 * Every uploaded image (lib/media/list-images.ts), where each is shown, and,
 * for owners and editors, deleting one no issue, saved block or template
 * shows any more (lib/media/delete-image.ts).
 */
export default async function ImagesPage({ searchParams }: Props) {
  const actor = await requireActor();
  const params = await searchParams;
  const filter: ImageFilter = params.show === "unused" ? "unused" : "all";
  const publication = await getPublication(db());
  if (!publication) return <p>No publication yet.</p>;
  const page = await listImages(db(), { publication, filter, after: params.after });
  const mayDelete = can(actor.role, "media.delete");
  const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: publication.timezone });
  const tab = (show: ImageFilter, label: string) => (
    <Link href={show === "unused" ? "/editor/images?show=unused" : "/editor/images"} aria-current={filter === show ? "page" : undefined}>
      {label}
    </Link>
  );
  return (
    <>
      <div className="page-head">
        <h1>Images</h1>
        {can(actor.role, "media.upload") ? <UploadImagesButton /> : null}
      </div>
      <p className="muted">
        Uploads are public at their URL, which no one can guess. An image stays until someone deletes it here, once no issue, saved block or template shows it: emails
        already sent show it for as long as it exists.
      </p>
      <Notice when={params.deleted}>
        Deleted. Its URL now answers “not found”, in emails already sent too; browsers that loaded it may keep their copy.
      </Notice>
      <Alert message={readPageMessage(params).error} prefix="Not deleted: " />
      <nav className="tabs" aria-label="Which images">
        {tab("all", `All (${page.total.toLocaleString("en")})`)}
        {tab("unused", `Not used anywhere (${page.unused.toLocaleString("en")})`)}
      </nav>
      {page.images.length === 0 ? (
        <p className="muted">{filter === "unused" ? "Every image is used somewhere." : "No images yet. Upload some here, or in any image field of the composer."}</p>
      ) : (
        <ul className="image-grid">
          {page.images.map((image) => (
            <li key={image.id} className="image-card">
              {/* From this app, whatever the site's address: the editor may run elsewhere than the public site. */}
              <a href={image.url} target="_blank" rel="noopener" className="image-thumb">
                {/* eslint-disable-next-line @next/next/no-img-element -- an upload at its own size, not a page asset Next should optimise */}
                <img src={new URL(image.url).pathname} alt={image.fileName} width={image.width} height={image.height} loading="lazy" />
              </a>
              <div className="image-facts">
                <strong className="image-name">{image.fileName}</strong>
                <span className="muted">
                  {image.width} × {image.height} · {image.contentType.replace("image/", "").toUpperCase()} · {size(image.byteSize)}
                </span>
                <span className="muted">
                  {day.format(image.createdAt)}
                  {image.uploadedBy ? ` · ${image.uploadedBy}` : ""}
                </span>
                {image.uses.length > 0 ? (
                  <span>
                    In{" "}
                    {image.uses.map((use, index) => (
                      <span key={`${use.kind}-${use.id}`}>
                        {index > 0 ? ", " : ""}
                        <UseLink use={use} />
                      </span>
                    ))}
                  </span>
                ) : (
                  <span className="muted">Not used anywhere</span>
                )}
                <span className="row">
                  <CopyTextButton text={image.url} label={`Copy the URL of ${image.fileName}`} />
                  {mayDelete && image.uses.length === 0 ? (
                    <details className="delete-image">
                      <summary className="danger">Delete…</summary>
                      <form action={deleteImageAction} className="stack">
                        <input type="hidden" name="id" value={image.id} />
                        <input type="hidden" name="show" value={filter} />
                        <p className="muted">Emails already sent that show it will show nothing in its place.</p>
                        <button type="submit" className="danger">
                          Delete {image.fileName} for good
                        </button>
                      </form>
                    </details>
                  ) : null}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {page.next ? (
        <p>
          <Link href={`/editor/images?${new URLSearchParams({ ...(filter === "unused" ? { show: "unused" } : {}), after: page.next })}`}>Older images →</Link>
        </p>
      ) : null}
    </>
  );
}
