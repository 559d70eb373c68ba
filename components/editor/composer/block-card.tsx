"use client";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { memo, useCallback } from "react";
import type { BlockEditorSchema } from "@/lib/blocks/editor-schemas";
import { SchemaForm } from "./schema-form";
import type { Json, Path } from "./json-value";
import { PlacementFields } from "./placement-fields";
import type { Channel, EditorBlock } from "./use-autosave";

type Props = {
  block: EditorBlock;
  index: number;
  last: boolean;
  schema: BlockEditorSchema | undefined;
  problems: { path: string; message: string }[];
  readOnly: boolean;
  // The handlers name the block by key (its position for a move), so they can be the same functions for every block and every render.
  onChange: (key: string, path: Path, next: Json | undefined) => void;
  onMove: (from: number, to: number) => void;
  onDuplicate: (key: string) => void;
  onDelete: (key: string) => void;
  onToggle: (key: string) => void;
  onSaveToLibrary: (block: EditorBlock) => Promise<void>;
  topics: { id: string; name: string }[];
  onPlacement: (key: string, change: { channel?: Channel; topics?: string[] }) => void;
};

/**
 * One block in the composer: a drag handle (mouse, touch or keyboard), its actions, and its form.
 * Memoized: a long issue has hundreds of fields, and a keystroke in one block re-renders only that block.
 */
export const BlockCard = memo(function BlockCard({ block, index, last, schema, problems, readOnly, onChange, onMove, onDuplicate, onDelete, onToggle, onSaveToLibrary, topics, onPlacement }: Props) {
  const { key } = block;
  const changeField = useCallback((path: Path, next: Json | undefined) => onChange(key, path, next), [key, onChange]);
  const changePlacement = useCallback((change: { channel?: Channel; topics?: string[] }) => onPlacement(key, change), [key, onPlacement]);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: block.key, disabled: readOnly });
  const name = schema?.name ?? block.type;
  const headingId = `block-${block.key}-heading`;
  const byPath = new Map(problems.map((problem) => [problem.path, problem.message]));
  return (
    <section
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`block-card${isDragging ? " dragging" : ""}${problems.length ? " has-problems" : ""}`}
      aria-labelledby={headingId}
      data-block-type={block.type}
    >
      <header className="block-header">
        {!readOnly && (
          <button type="button" ref={setActivatorNodeRef} className="drag-handle" {...attributes} {...listeners} aria-label={`Reorder block ${index + 1}, ${name}. Press space to pick up, arrow keys to move, space to drop.`}>
            ⠿
          </button>
        )}
        <h3 id={headingId}>
          <span className="block-number">{index + 1}.</span> {name}
          {block.channel && block.channel !== "everywhere" ? <span className="badge">{block.channel === "web_only" ? "Web only" : "Email only"}</span> : null}
          {problems.length ? <span className="badge warn">{problems.length === 1 ? "1 problem" : `${problems.length} problems`}</span> : null}
        </h3>
        <div className="block-actions">
          <button type="button" onClick={() => onToggle(key)} aria-expanded={!block.collapsed} aria-label={`${block.collapsed ? "Expand" : "Collapse"} block ${index + 1}`}>
            {block.collapsed ? "Expand" : "Collapse"}
          </button>
          {!readOnly && (
            <>
              <button type="button" onClick={() => onMove(index, index - 1)} disabled={index === 0} aria-label={`Move block ${index + 1} up`}>
                ↑
              </button>
              <button type="button" onClick={() => onMove(index, index + 1)} disabled={last} aria-label={`Move block ${index + 1} down`}>
                ↓
              </button>
              <button type="button" onClick={() => onDuplicate(key)} aria-label={`Duplicate block ${index + 1}`}>
                Duplicate
              </button>
              <button type="button" onClick={() => void onSaveToLibrary(block)} aria-label={`Save to library: block ${index + 1}`}>
                Save to library
              </button>
              <button type="button" className="danger" onClick={() => onDelete(key)} aria-label={`Delete block ${index + 1}`}>
                Delete
              </button>
            </>
          )}
        </div>
      </header>
      {problems.length ? (
        <ul className="problems" aria-label={`Problems in block ${index + 1}`}>
          {problems.map((problem, i) => (
            <li key={i}>{problem.message}</li>
          ))}
        </ul>
      ) : null}
      {!block.collapsed && schema ? (
        <div className="block-body">
          <PlacementFields idPrefix={`block-${block.key}`} label={`Block ${index + 1}`} channel={block.channel ?? "everywhere"} topics={block.topics ?? []} allTopics={topics} disabled={readOnly} onChange={changePlacement} />
          <SchemaForm schema={schema.fields} value={block.data} onChange={changeField} problems={byPath} readOnly={readOnly} />
        </div>
      ) : null}
    </section>
  );
});
