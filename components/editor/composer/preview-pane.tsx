"use client";
import { useState } from "react";

export type PreviewView = "email-desktop" | "email-mobile" | "web" | "text";
const VIEWS: { id: PreviewView; label: string }[] = [
  { id: "email-desktop", label: "Email" },
  { id: "email-mobile", label: "Mobile" },
  { id: "web", label: "Web" },
  { id: "text", label: "Plain text" },
];

/** The issue as the renderers draw it, in a sandboxed frame: no script in the preview can run. */
export function PreviewPane({ view, onView, html, loading, caption }: { view: PreviewView; onView: (view: PreviewView) => void; html: string | null; loading: boolean; caption?: string }) {
  const [height] = useState(900);
  return (
    <div className="preview">
      <div className="tabs" role="tablist" aria-label="Preview as">
        {VIEWS.map((option) => (
          <button key={option.id} type="button" role="tab" aria-selected={view === option.id} onClick={() => onView(option.id)}>
            {option.label}
          </button>
        ))}
      </div>
      {/* Outside the tablist: a tablist may hold only tabs. */}
      <p className="muted preview-status" aria-live="polite">
        {loading ? "Updating…" : caption}
      </p>
      <div className={`preview-frame ${view}`}>
        {html ? (
          <iframe title="Issue preview" sandbox="" srcDoc={html} style={{ height }} />
        ) : (
          <p className="muted">{loading ? "Rendering…" : "Nothing to preview yet."}</p>
        )}
      </div>
    </div>
  );
}

export function previewMode(view: PreviewView): "email" | "web" | "text" {
  return view === "email-desktop" || view === "email-mobile" ? "email" : view;
}
