"use client";
import { useEffect, useState } from "react";
import { listRevisionsAction, restoreRevisionAction, revisionAction } from "@/app/editor/actions";
import type { ServerContent } from "./use-autosave";
import type { Json } from "./json-value";

type Revision = { id: string; version: number; title: string; updatedAt: Date; author: { name: string | null; email: string } | null; apiKey: { name: string } | null };

/** Revisions, newest first: look at one in the preview, or restore it (which is itself a new revision). */
export function HistoryPanel({ issueId, currentVersion, canRestore, refreshKey, onShow, onRestored }: { issueId: string; currentVersion: () => number; canRestore: boolean; refreshKey: number; onShow: (content: Omit<ServerContent, "version"> | null, label?: string) => void; onRestored: (content: ServerContent) => void }) {
  const [revisions, setRevisions] = useState<Revision[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    listRevisionsAction({ issueId })
      .then((result) => {
        if (!stale && Array.isArray(result)) setRevisions(result);
      })
      .catch(() => {});
    return () => {
      stale = true;
    };
  }, [issueId, refreshKey]);

  async function show(revision: Revision) {
    if (shown === revision.id) {
      setShown(null);
      onShow(null);
      return;
    }
    const found = await revisionAction({ issueId, revisionId: revision.id }).catch(() => null);
    if (!found || "reason" in found) return;
    setShown(revision.id);
    onShow({ title: found.title, preheader: found.preheader, blocks: found.blocks as { type: string; data: Json }[] }, `Revision from ${format(revision.updatedAt)}`);
  }

  async function restore(revision: Revision) {
    const found = await revisionAction({ issueId, revisionId: revision.id }).catch(() => null);
    if (!found || "reason" in found) return;
    const result = await restoreRevisionAction({ issueId, revisionId: revision.id, expectedVersion: currentVersion() }).catch(() => null);
    if (!result) return setMessage("The server could not be reached.");
    if (result.ok) {
      setMessage(`Restored the revision from ${format(revision.updatedAt)}.`);
      setShown(null);
      onShow(null);
      // The parent bumps refreshKey, which reloads this list.
      onRestored({ title: found.title, preheader: found.preheader, blocks: found.blocks as { type: string; data: Json }[], version: result.version });
    } else {
      setMessage(result.reason === "conflict" ? "Someone saved since you opened this issue; reload before restoring." : "message" in result ? result.message : `Could not restore (${result.reason}).`);
    }
  }

  if (!revisions) return <p className="muted">Loading history…</p>;
  return (
    <div className="history">
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
      <ol className="revisions">
        {revisions.map((revision) => (
          <li key={revision.id}>
            <div>
              <strong>{format(revision.updatedAt)}</strong> · {revision.apiKey ? `API key “${revision.apiKey.name}”` : (revision.author?.name ?? revision.author?.email ?? "someone removed")}
              <br />
              <span className="muted">{revision.title || "Untitled"} · v{revision.version}</span>
            </div>
            <div className="row">
              <button type="button" className="link-button" onClick={() => void show(revision)} aria-pressed={shown === revision.id}>
                {shown === revision.id ? "Hide" : "View"}
              </button>
              {canRestore ? (
                <button type="button" className="link-button" onClick={() => void restore(revision)}>
                  Restore
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

function format(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" }).format(new Date(date));
}
