"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { IMAGE_ACCEPT, postImageUpload } from "./post-image-upload";

/** The Images page's upload: one or more files, sent one at a time, each refusal said with its file's name; the list refreshes after. */
export function UploadImagesButton() {
  const router = useRouter();
  const picker = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<{ busy: boolean; messages: string[] }>({ busy: false, messages: [] });

  async function uploadAll(files: File[]) {
    const messages: string[] = [];
    for (const [index, file] of files.entries()) {
      setStatus({ busy: true, messages: [`Uploading ${file.name} (${index + 1} of ${files.length})…`] });
      const answer = await postImageUpload(file);
      if (!answer.ok) messages.push(`${file.name}: ${answer.message}`);
    }
    const uploaded = files.length - messages.length;
    setStatus({ busy: false, messages: [...(uploaded > 0 ? [`Uploaded ${uploaded} ${uploaded === 1 ? "image" : "images"}.`] : []), ...messages] });
    router.refresh();
  }

  return (
    <div className="upload-images">
      <input
        ref={picker}
        type="file"
        accept={IMAGE_ACCEPT}
        multiple
        hidden
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          event.currentTarget.value = "";
          if (files.length > 0) void uploadAll(files);
        }}
      />
      <button type="button" className="secondary" disabled={status.busy} onClick={() => picker.current?.click()}>
        {status.busy ? "Uploading…" : "Upload images"}
      </button>
      <div role="status" className="hint">
        {status.messages.map((message) => (
          <p key={message}>{message}</p>
        ))}
      </div>
    </div>
  );
}
