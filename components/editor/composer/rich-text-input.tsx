"use client";
import { useRef, type TextareaHTMLAttributes } from "react";

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "value" | "onChange"> & { value: string; onChange: (value: string) => void };

/**
 * Rich text is stored as the small Markdown subset lib/rich-text reads
 * (bold, italic, links, lists), so the field is a textarea with a toolbar
 * that writes that syntax. What is stored is what the editor sees: no
 * hidden markup, and pasting from anywhere is plain text.
 */
export function RichTextInput({ value, onChange, id, ...rest }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);

  function wrap(before: string, after: string, placeholder: string) {
    const area = ref.current;
    if (!area) return;
    const { selectionStart: start, selectionEnd: end } = area;
    const selected = value.slice(start, end) || placeholder;
    const next = value.slice(0, start) + before + selected + after + value.slice(end);
    onChange(next);
    requestAnimationFrame(() => {
      area.focus();
      area.setSelectionRange(start + before.length, start + before.length + selected.length);
    });
  }

  function list() {
    const area = ref.current;
    if (!area) return;
    const { selectionStart: start, selectionEnd: end } = area;
    const lineStart = value.lastIndexOf("\n", start - 1) + 1;
    const block = value.slice(lineStart, end);
    const lines = block.split("\n").map((line) => (line.startsWith("- ") ? line : `- ${line}`));
    onChange(value.slice(0, lineStart) + lines.join("\n") + value.slice(end));
    requestAnimationFrame(() => area.focus());
  }

  function link() {
    const area = ref.current;
    if (!area) return;
    const url = window.prompt("Link to (https://…)", "https://");
    if (!url) return;
    wrap("[", `](${url})`, "link text");
  }

  return (
    <div className="rich-text">
      <div className="toolbar" role="toolbar" aria-label="Formatting" aria-controls={id}>
        <button type="button" onClick={() => wrap("**", "**", "bold text")} aria-label="Bold" title="Bold (Ctrl+B)">
          <strong>B</strong>
        </button>
        <button type="button" onClick={() => wrap("*", "*", "italic text")} aria-label="Italic" title="Italic (Ctrl+I)">
          <em>I</em>
        </button>
        <button type="button" onClick={link} aria-label="Link" title="Link (Ctrl+K)">
          Link
        </button>
        <button type="button" onClick={list} aria-label="Bulleted list" title="Bulleted list">
          • List
        </button>
      </div>
      <textarea
        {...rest}
        id={id}
        ref={ref}
        value={value}
        rows={Math.min(14, Math.max(3, value.split("\n").length + 1))}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (!(event.ctrlKey || event.metaKey)) return;
          const key = event.key.toLowerCase();
          if (key === "b") wrap("**", "**", "bold text");
          else if (key === "i") wrap("*", "*", "italic text");
          else if (key === "k") link();
          else return;
          event.preventDefault();
        }}
      />
    </div>
  );
}
