import type { Metadata } from "next";
import { deleteFromLibraryAction, deleteTemplateAction, renameTemplateAction } from "@/app/editor/actions";
import { requireActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/permissions";
import { getBlockDefinition, isBlockType } from "@/lib/blocks/registry";
import { db } from "@/lib/db/client";
import { listLibrary, listTemplates } from "@/lib/library/block-library";
import { Alert } from "@/components/editor/page-messages";
import { textExcerpt } from "@/lib/text/text-excerpt";
import { readPageMessage } from "@/lib/web/page-message";

export const metadata: Metadata = { title: "Library" };

type Props = { searchParams: Promise<Record<string, string | undefined>> };

/** Saved blocks (inserted from the composer's palette) and issue templates (offered by "New issue"). */
export default async function LibraryPage({ searchParams }: Props) {
  const actor = await requireActor();
  const { error } = readPageMessage(await searchParams);
  const [blocks, templates] = await Promise.all([listLibrary(db()), listTemplates(db())]);
  return (
    <>
      <h1>Library</h1>
      <Alert message={error} />
      <h2>Saved blocks</h2>
      {blocks.length === 0 ? <p className="muted">None yet. Use “Save to library” on any block in the composer.</p> : null}
      <ul className="library-list">
        {blocks.map((item) => (
          <li key={item.id}>
            <div>
              <strong>{item.name}</strong> <span className="muted">· {isBlockType(item.type) ? getBlockDefinition(item.type).name : item.type}</span>
              <p className="muted excerpt">{textExcerpt(getBlockDefinition(item.block.type).toText(item.block.data), 160)}</p>
            </div>
            {can(actor.role, "library.delete") ? (
              <form action={deleteFromLibraryAction}>
                <input type="hidden" name="id" value={item.id} />
                <button type="submit" className="link-button danger" aria-label={`Delete ${item.name} from the library`}>
                  Delete
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>Issue templates</h2>
      <p className="muted">The standard template (intro → roundup → trending research → noteworthy → sign-off) is always offered. Save others from the composer with “Save as template”.</p>
      <ul className="library-list">
        {templates.map((template) => (
          <li key={template.id}>
            {can(actor.role, "templates.manage") ? (
              <>
                <form action={renameTemplateAction} className="row">
                  <input type="hidden" name="id" value={template.id} />
                  <label htmlFor={`template-${template.id}`} className="visually-hidden">
                    Template name
                  </label>
                  <input id={`template-${template.id}`} name="name" defaultValue={template.name} />
                  <button type="submit" className="secondary">
                    Rename
                  </button>
                  <span className="muted">{Array.isArray(template.blocks) ? template.blocks.length : 0} blocks</span>
                </form>
                <form action={deleteTemplateAction}>
                  <input type="hidden" name="id" value={template.id} />
                  <button type="submit" className="link-button danger" aria-label={`Delete template ${template.name}`}>
                    Delete
                  </button>
                </form>
              </>
            ) : (
              <strong>{template.name}</strong>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
