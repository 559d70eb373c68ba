import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { deleteDraftAction } from "@/app/editor/actions";
import { Composer } from "@/components/editor/composer/composer";
import type { Json } from "@/components/editor/composer/json-value";
import type { ServerBlock } from "@/components/editor/composer/use-autosave";
import { requireActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/permissions";
import { blockEditorSchemas } from "@/lib/blocks/editor-schemas";
import { db } from "@/lib/db/client";
import { issuePath } from "@/lib/issues/issue-path";
import { loadKeptEdit } from "@/lib/issues/keep-invalid-edit";
import { loadIssueContent } from "@/lib/issues/load-issue-content";
import { listLibrary } from "@/lib/library/block-library";
import { listTopics } from "@/lib/tags/list-topics";
import { utcToLocalTime } from "@/lib/time/local-time-to-utc";
import { Alert } from "@/components/editor/page-messages";
import { readPageMessage } from "@/lib/web/page-message";

export const metadata: Metadata = { title: "Compose" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function ComposePage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const { id } = await params;
  const { notes, error } = readPageMessage(await searchParams);
  const prisma = db();
  const issue = await prisma.issue.findUnique({ where: { id }, include: { publication: { select: { timezone: true } } } });
  const content = issue ? await loadIssueContent(prisma, id) : null;
  if (!issue || !content) notFound();
  const kept = await loadKeptEdit(prisma, id);
  const [library, topics, tags] = await Promise.all([
    listLibrary(prisma),
    listTopics(prisma, issue.publicationId),
    prisma.tag.findMany({ where: { publicationId: issue.publicationId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  const published = issue.publishedAt !== null && (issue.status === "sent" || issue.status === "partially_failed");
  return (
    <>
      <div className="page-head">
        <p className="crumbs">
          <Link href="/editor">Issues</Link> › Issue #{issue.number}
          {published ? (
            <>
              {" "}
              · {/* Not prefetched, as the header's "Site" link (app/editor/layout.tsx). */}
              <Link href={issuePath(issue)} prefetch={false}>
                View on the site
              </Link>
            </>
          ) : null}
          {issue.status !== "draft" && issue.status !== "scheduled" ? (
            <>
              {" "}
              · <Link href={`/editor/issues/${issue.id}/report`}>Report</Link>
            </>
          ) : null}
        </p>
        {issue.status === "draft" && can(actor.role, "issue.delete") ? (
          // A draft is gone for good once deleted (its revisions too): a second step, as for tags.
          <details className="delete-draft">
            <summary className="danger">Delete draft…</summary>
            <form action={deleteDraftAction} className="stack">
              <input type="hidden" name="issueId" value={issue.id} />
              <p className="muted">Issue #{issue.number}, its blocks and its history go for good.</p>
              <button type="submit" className="danger">
                Delete issue #{issue.number} for good
              </button>
            </form>
          </details>
        ) : null}
      </div>
      <Alert message={error} />
      <h1 className="visually-hidden">Compose issue #{issue.number}</h1>
      <Composer
        issueId={issue.id}
        number={issue.number}
        initial={{ title: content.title, preheader: content.preheader, channel: content.channel, topics: content.topics, blocks: content.blocks as ServerBlock[], version: content.version }}
        status={issue.status}
        scheduledAtLocal={issue.scheduledAt ? utcToLocalTime(issue.scheduledAt, issue.publication.timezone) : null}
        submittedForReview={issue.submittedForReviewAt !== null}
        timezone={issue.publication.timezone}
        schemas={blockEditorSchemas()}
        library={library.map((item) => ({ id: item.id, name: item.name, type: item.type, data: item.data as Json }))}
        permissions={{
          write: can(actor.role, "issue.write"),
          editScheduled: can(actor.role, "issue.editScheduled"),
          send: can(actor.role, "issue.send"),
          submit: can(actor.role, "issue.submitForReview"),
          templates: can(actor.role, "templates.manage"),
          library: can(actor.role, "library.write"),
          correct: can(actor.role, "issue.correct"),
        }}
        topics={topics}
        tags={tags}
        segment={{ tagIds: issue.audienceTagIds, match: issue.audienceMatch }}
        published={published}
        kept={kept ? { content: { ...kept.content, blocks: kept.content.blocks as ServerBlock[] }, baseVersion: kept.baseVersion, savedAt: kept.savedAt.getTime(), savedBy: kept.savedBy } : null}
        notes={notes ? [notes] : []}
      />
    </>
  );
}
