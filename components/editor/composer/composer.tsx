"use client";
import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from "@dnd-kit/core";
import { arrayMove, SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { checkContentSize } from "@/lib/issues/check-content-size";
import { correctIssueAction, previewIssueAction, saveIssueAction, saveBlockToLibraryAction, saveTemplateAction } from "@/app/editor/actions";
import type { BlockEditorSchema } from "@/lib/blocks/editor-schemas";
import type { ContentProblem } from "@/lib/blocks/parse-blocks";
import { BlockCard } from "./block-card";
import { HistoryPanel } from "./history-panel";
import { setAt, type Json, type Path } from "./json-value";
import { PlacementFields } from "./placement-fields";
import { PreviewPane, previewMode, type PreviewView } from "./preview-pane";
import type { SegmentValue } from "./segment-picker";
import { SendPanel } from "./send-panel";
import { newBlockKey, serialize, useAutosave, type Channel, type EditorBlock, type EditorContent, type KeptEdits, type ServerContent } from "./use-autosave";

export type ComposerProps = {
  issueId: string;
  number: number;
  initial: ServerContent;
  status: string;
  scheduledAtLocal: string | null;
  submittedForReview: boolean;
  timezone: string;
  schemas: BlockEditorSchema[];
  library: { id: string; name: string; type: string; data: Json }[];
  permissions: { write: boolean; editScheduled: boolean; send: boolean; submit: boolean; templates: boolean; library: boolean; correct: boolean };
  notes: string[];
  /** The publication's topics (its public tags). */
  topics: { id: string; name: string }[];
  /** Every tag of the publication (the audience is chosen from them) and the issue's segment. */
  tags: { id: string; name: string }[];
  segment: SegmentValue;
  /** Sent and on the web: edits here are corrections of the web version. */
  published: boolean;
  /** Edits that failed the checks, kept on the server from this or another device (lib/issues/keep-invalid-edit.ts). */
  kept?: KeptEdits | null;
};

const SAVE_LABELS = { saved: "Saved", unsaved: "Unsaved changes", saving: "Saving…", offline: "Offline — changes kept on this device", invalid: "Not saved: fix the problems marked below", conflict: "Conflict", stopped: "Not saved" } as const;
/** Invalid, but the server kept the edits beside the issue: they reach other devices, and the issue keeps its last valid version meanwhile. */
const KEPT_LABEL = "Kept, not yet the issue: fix the problems marked below";

const NO_PROBLEMS: { path: string; message: string }[] = [];
// Module constants, not literals: useSensor memoizes on its options, and new sensors every render would give
// dnd-kit a new context value, re-rendering every block card on each keystroke.
const POINTER_OPTIONS = { activationConstraint: { distance: 4 } };
const KEYBOARD_OPTIONS = { coordinateGetter: sortableKeyboardCoordinates };

export function Composer(props: ComposerProps) {
  const { issueId, schemas, permissions } = props;
  const [status, setStatus] = useState(props.status);
  const [scheduledAtLocal, setScheduledAtLocal] = useState(props.scheduledAtLocal);
  const router = useRouter();
  const onStatus = useCallback(
    (next: string, at?: string | null) => {
      setStatus(next);
      if (at !== undefined) setScheduledAtLocal(at);
      // The page around the composer is the server's: "Delete draft" goes once the issue is not a draft, "View on the site" comes once it is published.
      router.refresh();
    },
    [router],
  );
  // A sent issue is corrected, not saved: edits stay on this device until "Publish correction" sends them with a note.
  const correcting = props.published && permissions.correct;
  const readOnly = !correcting && (!permissions.write || !(status === "draft" || (status === "scheduled" && permissions.editScheduled)));
  const [note, setNote] = useState("");
  const noteRef = useRef(note);
  useEffect(() => {
    noteRef.current = note;
  }, [note]);
  const manual = useMemo(
    () => (correcting ? { key: "correction", action: (input: Parameters<typeof saveIssueAction>[0]) => correctIssueAction({ ...input, note: noteRef.current }) } : null),
    [correcting],
  );
  const { content, update, state, resolveConflict, replaceFromServer, version, saveNow } = useAutosave({ issueId, initial: props.initial, readOnly, manual, kept: props.kept });
  const schemaByType = useMemo(() => new Map<string, BlockEditorSchema>(schemas.map((schema) => [schema.type, schema])), [schemas]);
  const [removed, setRemoved] = useState<{ block: EditorBlock; index: number } | null>(null);
  const [panel, setPanel] = useState<"preview" | "send" | "history">("preview");
  const keptNotice = props.kept ? `Edits ${props.kept.savedBy} made that do not pass the checks yet are open below. The issue keeps its last valid version until the problems are fixed.` : null;
  const [notice, setNotice] = useState<string | null>(props.notes.length ? `Imported. ${props.notes.join(" ")}` : keptNotice && !readOnly && !correcting ? keptNotice : null);

  const [historyKey, setHistoryKey] = useState(0);
  const [segment, setSegment] = useState(props.segment);

  // Preview and pre-send checks follow the content, a moment after typing stops.
  const [view, setView] = useState<PreviewView>("email-desktop");
  // `checked`: a preview has come back, with the checks before sending; until then nothing is "ready to send".
  const [preview, setPreview] = useState<{ html: string | null; problems: ContentProblem[]; checked: boolean }>({ html: null, problems: [], checked: false });
  const [previewLoading, setPreviewLoading] = useState(false);
  const [shownRevision, setShownRevision] = useState<{ content: Omit<ServerContent, "version">; label: string } | null>(null);
  const previewSource = shownRevision?.content ?? content;
  const mode = previewMode(view);
  // What the shown preview was rendered from: a change that serializes the same (a block collapsed) asks for no new one.
  const previewed = useRef<{ body: string; mode: string } | null>(null);
  useEffect(() => {
    let canceled = false;
    const timer = setTimeout(async () => {
      // Serialized here, once typing pauses, not on every render: on a long issue that is megabytes per keystroke.
      const body = serialize(previewSource as EditorContent);
      if (previewed.current?.body === body && previewed.current.mode === mode) return;
      // Content too large to save is too large to send for a preview: the save state says why, the last preview stays.
      if (checkContentSize(body)) return;
      setPreviewLoading(true);
      const parsed = JSON.parse(body) as { title: string; preheader: string; blocks: unknown };
      const result = await previewIssueAction({ issueId, mode, content: parsed }).catch(() => null);
      if (canceled) return;
      setPreviewLoading(false);
      if (result && !("reason" in result)) {
        previewed.current = { body, mode };
        setPreview({ ...result, checked: true });
      }
    }, 600);
    return () => {
      canceled = true;
      clearTimeout(timer);
    };
  }, [issueId, mode, previewSource]);

  const savedOnce = useRef(state.kind);
  useEffect(() => {
    if (state.kind === "saved" && savedOnce.current !== "saved") {
      setHistoryKey((key) => key + 1);
      // Fixed or undone, the kept edits are past: so is the notice about them.
      setNotice((current) => (current !== null && current === keptNotice ? null : current));
      if (correcting && savedOnce.current === "saving") {
        setNotice("Correction published. The issue's page shows your note with today's date.");
        setNote("");
      }
    }
    savedOnce.current = state.kind;
  }, [correcting, keptNotice, state.kind]);

  const problems = state.kind === "invalid" ? state.problems : preview.problems;
  const problemsByBlock = useMemo(() => {
    const grouped = new Map<number, { path: string; message: string }[]>();
    for (const problem of problems) {
      if (problem.blockIndex === null) continue;
      const list = grouped.get(problem.blockIndex) ?? [];
      list.push({ path: problem.path.join("."), message: problem.message });
      grouped.set(problem.blockIndex, list);
    }
    return grouped;
  }, [problems]);
  const issueProblems = problems.filter((problem) => problem.blockIndex === null);

  const setBlocks = useCallback((change: (blocks: EditorBlock[]) => EditorBlock[]) => update((current) => ({ ...current, blocks: change(current.blocks) })), [update]);
  const addBlock = (type: string, data?: Json) => {
    const schema = schemaByType.get(type);
    if (!schema) return;
    const block = { key: newBlockKey(), type, data: data ?? (structuredClone(schema.empty) as Json) };
    setBlocks((blocks) => [...blocks, block]);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[aria-labelledby="block-${block.key}-heading"] input, [aria-labelledby="block-${block.key}-heading"] textarea`)?.focus());
  };
  // The blocks as last rendered, for handlers that must stay the same function across renders.
  const blocksRef = useRef(content.blocks);
  useLayoutEffect(() => {
    blocksRef.current = content.blocks;
  }, [content.blocks]);
  // A block's handlers take its key (or position) and never change, so a block card re-renders only when its own
  // block does: typing in one block of a long issue no longer re-renders all the others.
  const changeBlock = useCallback(
    (key: string, path: Path, next: Json | undefined) => setBlocks((blocks) => blocks.map((b) => (b.key === key ? { ...b, data: setAt(b.data, path, next) } : b))),
    [setBlocks],
  );
  const moveBlock = useCallback((from: number, to: number) => setBlocks((blocks) => (to < 0 || to >= blocks.length ? blocks : arrayMove(blocks, from, to))), [setBlocks]);
  const duplicateBlock = useCallback(
    (key: string) =>
      setBlocks((blocks) => {
        const index = blocks.findIndex((b) => b.key === key);
        if (index < 0) return blocks;
        const copy = { ...blocks[index]!, key: newBlockKey(), data: structuredClone(blocks[index]!.data) };
        return [...blocks.slice(0, index + 1), copy, ...blocks.slice(index + 1)];
      }),
    [setBlocks],
  );
  const deleteBlock = useCallback(
    (key: string) => {
      const index = blocksRef.current.findIndex((b) => b.key === key);
      const block = blocksRef.current[index];
      if (!block) return;
      setRemoved({ block, index });
      setBlocks((blocks) => blocks.filter((b) => b.key !== key));
    },
    [setBlocks],
  );
  const toggleBlock = useCallback((key: string) => setBlocks((blocks) => blocks.map((b) => (b.key === key ? { ...b, collapsed: !b.collapsed } : b))), [setBlocks]);
  const placeBlock = useCallback(
    (key: string, change: { channel?: Channel; topics?: string[] }) => setBlocks((blocks) => blocks.map((b) => (b.key === key ? { ...b, ...change } : b))),
    [setBlocks],
  );
  const undoDelete = () => {
    if (!removed) return;
    setBlocks((blocks) => [...blocks.slice(0, removed.index), removed.block, ...blocks.slice(removed.index)]);
    setRemoved(null);
  };
  useEffect(() => {
    if (!removed) return;
    const timer = setTimeout(() => setRemoved(null), 15_000);
    return () => clearTimeout(timer);
  }, [removed]);

  const sensors = useSensors(useSensor(PointerSensor, POINTER_OPTIONS), useSensor(KeyboardSensor, KEYBOARD_OPTIONS));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    setBlocks((blocks) => {
      const from = blocks.findIndex((block) => block.key === active.id);
      const to = blocks.findIndex((block) => block.key === over.id);
      return from < 0 || to < 0 ? blocks : arrayMove(blocks, from, to);
    });
  };
  const nameOf = (key: string | number) => {
    const index = content.blocks.findIndex((block) => block.key === key);
    return `block ${index + 1} (${schemaByType.get(content.blocks[index]?.type ?? "")?.name ?? "block"})`;
  };

  const saveToLibrary = useCallback(
    async (block: EditorBlock) => {
      const name = window.prompt("Save this block to the library as:", schemaByType.get(block.type)?.name ?? block.type);
      if (!name) return;
      const result = await saveBlockToLibraryAction({ name, block: { type: block.type, data: block.data } }).catch(() => null);
      setNotice(!result ? "The server could not be reached." : result.ok ? `Saved “${name}” to the library.` : result.reason === "name-taken" ? `The library already has a block called “${name}”.` : "message" in result ? result.message : "That block cannot be saved yet: fix its problems first.");
    },
    [schemaByType],
  );

  function showFirstProblem() {
    // A field marked invalid, or else the first block with a problem of its own (a story with no parts).
    const field = document.querySelector<HTMLElement>('.composer-main [aria-invalid="true"]') ?? document.querySelector<HTMLElement>(".composer-main .block-card.has-problems");
    field?.scrollIntoView({ block: "center" });
    field?.focus({ preventScroll: true });
  }

  async function saveAsTemplate() {
    const name = window.prompt("Save this issue's blocks as a template named:");
    if (!name) return;
    const result = await saveTemplateAction({ name, blocks: content.blocks.map(({ type, data, channel }) => ({ type, data, channel })) }).catch(() => null);
    setNotice(!result ? "The server could not be reached." : result.ok ? `Saved the template “${name}”.` : result.reason === "name-taken" ? `A template called “${name}” exists already.` : "message" in result ? result.message : "Fix the blocks' problems before saving a template.");
  }

  // A new array only when the order changes: SortableContext passes it to every block through context, which memo cannot stop.
  const keysInOrder = content.blocks.map((block) => block.key).join(" ");
  const blockKeys = useMemo(() => (keysInOrder ? keysInOrder.split(" ") : []), [keysInOrder]);

  const saved = state.kind === "saved";
  return (
    <div className="composer">
      <div className="composer-main">
        <div className="composer-bar">
          <span className={`save-state save-${state.kind}`} role="status" aria-live="polite" data-testid="save-state">
            {readOnly
              ? permissions.write
                ? `Read only: this issue is ${status.replace("_", " ")}`
                : "Read only"
              : correcting && state.kind === "unsaved"
                ? "Correction not published yet (kept on this device)"
                : correcting && state.kind === "saved"
                  ? "Published"
                  : state.kind === "invalid" && state.kept
                    ? KEPT_LABEL
                    : SAVE_LABELS[state.kind]}
          </span>
          {state.kind === "invalid" && !readOnly ? (
            // The marks may be far down the issue, out of sight of this bar: take the editor to the first.
            <button type="button" className="link-button" onClick={showFirstProblem}>
              Show the problem
            </button>
          ) : null}
          {permissions.templates && !readOnly ? (
            <button type="button" className="link-button" onClick={() => void saveAsTemplate()}>
              Save as template
            </button>
          ) : null}
        </div>
        {state.kind === "conflict" ? (
          <div className="conflict" role="alertdialog" aria-labelledby="conflict-title" aria-describedby="conflict-text">
            <h2 id="conflict-title">Someone else saved this issue</h2>
            <p id="conflict-text">
              Their version ({state.theirs.title || "untitled"}, {state.theirs.blocks.length} blocks) is newer than the one your changes build on. Nothing was overwritten. Choose which to keep:
            </p>
            <div className="row">
              <button type="button" className="secondary" onClick={() => resolveConflict("theirs")}>
                Reload their version (discard mine)
              </button>
              <button type="button" className="primary" onClick={() => resolveConflict("mine")}>
                Keep mine (overwrite theirs)
              </button>
            </div>
          </div>
        ) : null}
        {state.kind === "stopped" ? (
          <p className="error" role="alert">
            {state.message}
          </p>
        ) : null}
        {notice ? (
          <p className="notice" role="status">
            {notice}{" "}
            <button type="button" className="link-button" onClick={() => setNotice(null)}>
              Dismiss
            </button>
          </p>
        ) : null}

        {correcting ? (
          <section className="correction" aria-labelledby="correction-title">
            <h2 id="correction-title">Correct the web version</h2>
            <p className="muted">This issue was sent. Changes you make here change its page on the site and the feeds, not the email. Readers see your note, dated, on the page.</p>
            <div className="field">
              <label htmlFor="correction-note">What was corrected</label>
              <textarea id="correction-note" rows={2} maxLength={1000} value={note} onChange={(event) => setNote(event.target.value)} placeholder="The tidal array's output was 12 MW, not 120 MW." />
            </div>
            <button type="button" className="primary" disabled={state.kind === "saving" || state.kind === "saved" || !note.trim()} onClick={() => void saveNow()}>
              Publish correction
            </button>
          </section>
        ) : null}

        <div className="field">
          <label htmlFor="issue-title">Title (the email&apos;s subject)</label>
          <input id="issue-title" className="title-input" value={content.title} readOnly={readOnly} onChange={(event) => update((current) => ({ ...current, title: event.target.value }))} placeholder={`Issue #${props.number}`} />
        </div>
        <div className="field">
          <label htmlFor="issue-preheader">Preheader (the inbox preview line)</label>
          <input id="issue-preheader" value={content.preheader} readOnly={readOnly} onChange={(event) => update((current) => ({ ...current, preheader: event.target.value }))} />
        </div>
        <PlacementFields
          idPrefix="issue"
          label="Issue"
          channel={content.channel ?? "everywhere"}
          topics={content.topics ?? []}
          allTopics={props.topics}
          disabled={readOnly}
          channelLocked={correcting}
          onChange={(change) => update((current) => ({ ...current, ...change }))}
        />
        {issueProblems.length ? (
          <ul className="problems" aria-label="Problems with the issue">
            {issueProblems.map((problem, i) => (
              <li key={i}>
                {problem.path.length ? `${problem.path.join(".")}: ` : ""}
                {problem.message}
              </li>
            ))}
          </ul>
        ) : null}

        <h2 className="visually-hidden">Blocks</h2>
        <DndContext
          // A fixed id, or dnd-kit numbers its instructions' element per render, differently on the server and in the browser.
          id="composer-blocks"
          sensors={sensors}
          collisionDetection={closestCenter}
          onDragEnd={onDragEnd}
          accessibility={{
            announcements: {
              onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}.`,
              onDragOver: ({ active, over }) => (over ? `${nameOf(active.id)} is over position ${content.blocks.findIndex((b) => b.key === over.id) + 1}.` : ""),
              onDragEnd: ({ active, over }) => (over ? `Dropped ${nameOf(active.id)} at position ${content.blocks.findIndex((b) => b.key === over.id) + 1}.` : "Dropped."),
              onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was canceled.`,
            },
          }}
        >
          <SortableContext items={blockKeys} strategy={verticalListSortingStrategy}>
            <div className="blocks">
              {content.blocks.map((block, index) => (
                <BlockCard
                  key={block.key}
                  block={block}
                  index={index}
                  last={index === content.blocks.length - 1}
                  schema={schemaByType.get(block.type)}
                  problems={problemsByBlock.get(index) ?? NO_PROBLEMS}
                  readOnly={readOnly}
                  onChange={changeBlock}
                  onMove={moveBlock}
                  onDuplicate={duplicateBlock}
                  onDelete={deleteBlock}
                  onToggle={toggleBlock}
                  onSaveToLibrary={saveToLibrary}
                  topics={props.topics}
                  onPlacement={placeBlock}
                />
              ))}
            </div>
          </SortableContext>
        </DndContext>
        {content.blocks.length === 0 ? <p className="muted">No blocks yet. Add one below.</p> : null}

        {removed ? (
          <div className="toast" role="status">
            Deleted {schemaByType.get(removed.block.type)?.name ?? "block"}.{" "}
            <button type="button" className="link-button" onClick={undoDelete}>
              Undo
            </button>
          </div>
        ) : null}

        {!readOnly ? (
          <div className="palette">
            <h2 id="palette-title">Add a block</h2>
            <ul aria-labelledby="palette-title">
              {schemas.map((schema) => (
                <li key={schema.type}>
                  <button type="button" onClick={() => addBlock(schema.type)} title={schema.description}>
                    + {schema.name}
                  </button>
                </li>
              ))}
            </ul>
            {props.library.length ? (
              <>
                <h3 id="library-title">From the library</h3>
                <ul aria-labelledby="library-title">
                  {props.library.map((item) => (
                    <li key={item.id}>
                      <button type="button" onClick={() => addBlock(item.type, structuredClone(item.data))}>
                        + {item.name} <span className="muted">({schemaByType.get(item.type)?.name ?? item.type})</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        ) : null}
      </div>

      <aside className="composer-side" aria-label="Preview, sending and history">
        <div className="tabs" role="tablist" aria-label="Side panel">
          {(["preview", "send", "history"] as const).map((id) => (
            <button key={id} type="button" role="tab" aria-selected={panel === id} onClick={() => setPanel(id)}>
              {id === "preview" ? "Preview" : id === "send" ? "Send" : "History"}
            </button>
          ))}
        </div>
        {panel === "preview" ? (
          <PreviewPane view={view} onView={setView} html={preview.html} loading={previewLoading} caption={
              shownRevision
                ? shownRevision.label
                : problems.length
                  ? `${problems.length} ${problems.length === 1 ? "problem" : "problems"} to fix before sending`
                  : preview.checked
                    ? "Ready to send"
                    : "Checking the issue…"
            }
          />
        ) : null}
        {panel === "send" ? (
          <SendPanel
            issueId={issueId}
            status={status}
            scheduledAtLocal={scheduledAtLocal}
            timezone={props.timezone}
            canSend={permissions.send}
            canSubmit={permissions.submit}
            submittedForReview={props.submittedForReview}
            saved={saved || readOnly}
            version={() => version.current}
            tags={props.tags}
            segment={segment}
            onSegment={setSegment}
            webOnly={content.channel === "web_only"}
            onStatus={onStatus}
          />
        ) : null}
        {panel === "history" ? (
          <HistoryPanel
            issueId={issueId}
            currentVersion={() => version.current}
            canRestore={!readOnly}
            refreshKey={historyKey}
            onShow={(revision, label) => {
              setShownRevision(revision ? { content: revision, label: label ?? "Revision" } : null);
              if (revision) setPanel("preview");
            }}
            onRestored={(restored) => {
              // A revision holds the blocks; the issue's channel and topics stay as they are, on the server too.
              replaceFromServer({ ...restored, channel: content.channel, topics: content.topics });
              setHistoryKey((key) => key + 1);
            }}
          />
        ) : null}
      </aside>
    </div>
  );
}
