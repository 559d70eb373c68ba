import type { Metadata } from "next";
import { createIssueAction } from "@/app/editor/actions";
import { requireActor } from "@/lib/auth/current-actor";
import { db } from "@/lib/db/client";
import { listTemplates } from "@/lib/library/block-library";
import { Alert } from "@/components/editor/page-messages";
import { readPageMessage } from "@/lib/web/page-message";

export const metadata: Metadata = { title: "New issue" };

type Props = { searchParams: Promise<Record<string, string | undefined>> };

export default async function NewIssuePage({ searchParams }: Props) {
  await requireActor("issue.write");
  const { error } = readPageMessage(await searchParams);
  const templates = await listTemplates(db());
  return (
    <>
      <h1>New issue</h1>
      <Alert message={error} />
      <div className="choices">
        <form action={createIssueAction} className="choice">
          <input type="hidden" name="from" value="standard" />
          <h2>From the standard template</h2>
          <p className="muted">Intro → news roundup → trending research → noteworthy → sign-off, each empty.</p>
          <button type="submit" className="primary">
            Start from the template
          </button>
        </form>
        <form action={createIssueAction} className="choice">
          <input type="hidden" name="from" value="last" />
          <h2>Same structure as the last issue</h2>
          <p className="muted">The last issue&apos;s blocks, with their section titles and no content.</p>
          <button type="submit" className="secondary">
            Copy the structure
          </button>
        </form>
        <form action={createIssueAction} className="choice">
          <input type="hidden" name="from" value="blank" />
          <h2>Blank</h2>
          <p className="muted">No blocks; add them from the palette.</p>
          <button type="submit" className="secondary">
            Start blank
          </button>
        </form>
        {templates.length ? (
          <form action={createIssueAction} className="choice">
            <input type="hidden" name="from" value="template" />
            <h2>From a saved template</h2>
            <label htmlFor="template-id">Template</label>
            <select id="template-id" name="templateId">
              {templates.map((template) => (
                <option key={template.id} value={template.id}>
                  {template.name}
                </option>
              ))}
            </select>
            <button type="submit" className="secondary">
              Use this template
            </button>
          </form>
        ) : null}
      </div>
      <form action={createIssueAction} className="choice wide">
        <input type="hidden" name="from" value="paste" />
        <h2>Paste a newsletter</h2>
        <p className="muted">Plain text or Markdown, for example last week&apos;s issue copied from an email. It becomes blocks you can edit.</p>
        <label htmlFor="pasted">Newsletter text</label>
        <textarea id="pasted" name="pasted" rows={10} required />
        <button type="submit" className="secondary">
          Import as a new issue
        </button>
      </form>
    </>
  );
}
