"use client";
import { useRef, useState, type ComponentProps } from "react";
import { isWebUrl } from "@/lib/rich-text/safe-url";
import { IMAGE_ACCEPT, postImageUpload } from "../post-image-upload";

/** An upload as GET /editor/media lists it (lib/media/list-recent-images.ts). */
type RecentImage = { url: string; fileName: string; width: number; height: number };

type Props = Omit<ComponentProps<"input">, "value" | "onChange"> & { value: string; onChange: (next: string) => void };

/**
 * An image's URL: typed or pasted, filled by uploading a file (the button, a file dropped on the
 * field, or an image pasted into it), which POST /editor/media stores and answers with its URL, or
 * chosen among the latest uploads (GET /editor/media).
 * A thumbnail shows what the URL points at.
 */
export function ImageUrlInput({ value, onChange, readOnly, id, ...input }: Props) {
  const picker = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<{ kind: "idle" } | { kind: "uploading"; name: string } | { kind: "failed"; message: string }>({ kind: "idle" });
  const [dragging, setDragging] = useState(false);
  // A URL whose image did not load (a typo, a page rather than a picture): no broken-image box for it.
  const [brokenSrc, setBrokenSrc] = useState<string | null>(null);

  const chooser = useRef<HTMLDialogElement>(null);
  const [recent, setRecent] = useState<{ kind: "loading" } | { kind: "loaded"; images: RecentImage[] } | { kind: "failed"; message: string }>({ kind: "loading" });

  async function openChooser() {
    setRecent({ kind: "loading" });
    chooser.current?.showModal();
    try {
      const response = await fetch("/editor/media", { cache: "no-store" });
      const answer = (await response.json().catch(() => null)) as { ok: true; images: RecentImage[] } | { ok: false; error: string } | null;
      setRecent(answer?.ok ? { kind: "loaded", images: answer.images } : { kind: "failed", message: answer?.error ?? `The list failed (${response.status}).` });
    } catch {
      setRecent({ kind: "failed", message: "The list did not arrive. Check the connection and try again." });
    }
  }

  async function upload(file: File) {
    setState({ kind: "uploading", name: file.name || "the image" });
    const answer = await postImageUpload(file);
    if (answer.ok) {
      onChange(answer.url);
      setState({ kind: "idle" });
    } else {
      setState({ kind: "failed", message: answer.message });
    }
  }

  const imageIn = (files: FileList | undefined) => Array.from(files ?? []).find((file) => file.type.startsWith("image/"));

  return (
    <div
      className={`image-url-input${dragging ? " dragging" : ""}`}
      onDragOver={(event) => {
        if (readOnly || !event.dataTransfer.types.includes("Files")) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        setDragging(false);
        const file = readOnly ? undefined : imageIn(event.dataTransfer.files);
        if (!file) return;
        event.preventDefault();
        void upload(file);
      }}
    >
      <div className="image-url-row">
        <input
          {...input}
          id={id}
          type="url"
          inputMode="url"
          placeholder="https://… or upload an image"
          readOnly={readOnly}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onPaste={(event) => {
            const file = readOnly ? undefined : imageIn(event.clipboardData.files);
            if (!file) return;
            event.preventDefault();
            void upload(file);
          }}
        />
        {!readOnly && (
          <>
            <button type="button" className="secondary" onClick={() => picker.current?.click()} disabled={state.kind === "uploading"} aria-describedby={id ? `${id}-upload` : undefined}>
              Upload image
            </button>
            <button type="button" className="secondary" onClick={() => void openChooser()}>
              Choose uploaded
            </button>
            <input
              ref={picker}
              type="file"
              accept={IMAGE_ACCEPT}
              hidden
              aria-label="Image file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = "";
                if (file) void upload(file);
              }}
            />
          </>
        )}
      </div>
      <p id={id ? `${id}-upload` : undefined} className={state.kind === "failed" ? "error" : "hint"} role={state.kind === "failed" ? "alert" : "status"}>
        {state.kind === "uploading" ? `Uploading ${state.name}…` : state.kind === "failed" ? state.message : readOnly ? null : "PNG, JPEG, GIF or WebP up to 5 MB; drop or paste one here too."}
      </p>
      <dialog ref={chooser} className="image-chooser" aria-labelledby={`${id}-chooser-title`}>
        <h2 id={`${id}-chooser-title`}>Choose an uploaded image</h2>
        {recent.kind === "loading" ? (
          <p role="status">Loading…</p>
        ) : recent.kind === "failed" ? (
          <p className="error" role="alert">
            {recent.message}
          </p>
        ) : recent.images.length === 0 ? (
          <p>No images uploaded yet.</p>
        ) : (
          <ul>
            {recent.images.map((image) => (
              <li key={image.url}>
                <button
                  type="button"
                  onClick={() => {
                    onChange(image.url);
                    chooser.current?.close();
                  }}
                >
                  {/* eslint-disable-next-line @next/next/no-img-element -- an uploaded image, served by this app */}
                  <img src={image.url} alt="" loading="lazy" />
                  <span>
                    {image.fileName} <span className="muted">{image.width} × {image.height}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <button type="button" onClick={() => chooser.current?.close()}>
          Cancel
        </button>
      </dialog>
      {isWebUrl(value) && value !== brokenSrc ? (
        // eslint-disable-next-line @next/next/no-img-element -- a preview of whatever URL the editor gave, uploaded or remote
        <img className="image-url-thumb" src={value} alt="" loading="lazy" onError={() => setBrokenSrc(value)} />
      ) : null}
    </div>
  );
}
