import { useRef, useState } from "react";
import { ACCEPTED_IMAGE_TYPES, uploadImage, type MediaOwner, type MediaView } from "../../api/media";
import { ApiError } from "../../api/errors";
import { FileDrop } from "../../ui";

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

interface Item {
  key: string;
  name: string;
  progress: number; // 0..1
  state: "uploading" | "done" | "error";
  error?: string;
}

type Upload = (owner: MediaOwner, file: File, onProgress: (f: number) => void) => Promise<MediaView>;

/** Client-side check before asking for an upload URL (the server sniffs the bytes again). */
export function checkImage(file: { type: string; size: number; name: string }, max = MAX_IMAGE_BYTES): string | null {
  if (!(ACCEPTED_IMAGE_TYPES as readonly string[]).includes(file.type)) return `${file.name}: only JPEG, PNG or WebP images.`;
  if (file.size > max) return `${file.name}: larger than ${Math.round(max / 1024 / 1024)} MB.`;
  if (file.size === 0) return `${file.name}: the file is empty.`;
  return null;
}

/**
 * Drag-and-drop (or pick) images; each goes through POST /media/uploads → PUT with progress →
 * complete. Progress is shown per file and announced to screen readers at 25% steps.
 */
export function ImageUploader({ owner, onUploaded, upload = uploadImage, maxBytes = MAX_IMAGE_BYTES }: { owner: MediaOwner; onUploaded(m: MediaView): void; upload?: Upload; maxBytes?: number }) {
  const [items, setItems] = useState<Item[]>([]);
  const seq = useRef(0);

  const patch = (key: string, p: Partial<Item>) => setItems((list) => list.map((i) => (i.key === key ? { ...i, ...p } : i)));

  function start(files: FileList | File[]) {
    for (const file of Array.from(files)) {
      const key = `${++seq.current}`;
      const problem = checkImage(file, maxBytes);
      if (problem) {
        setItems((l) => [...l, { key, name: file.name, progress: 0, state: "error", error: problem }]);
        continue;
      }
      setItems((l) => [...l, { key, name: file.name, progress: 0, state: "uploading" }]);
      upload(owner, file, (f) => patch(key, { progress: f })).then(
        (m) => {
          if (m.status === "rejected") patch(key, { state: "error", error: m.reject_reason || "The image was refused." });
          else {
            patch(key, { state: "done", progress: 1 });
            onUploaded(m);
          }
        },
        (e: unknown) => patch(key, { state: "error", error: e instanceof ApiError ? e.summary : e instanceof Error ? e.message : "Upload failed." }),
      );
    }
  }

  return (
    <div className="stack-sm">
      <FileDrop
        prompt="Drag images here, or"
        choose="Choose images"
        label="Upload images"
        accept={ACCEPTED_IMAGE_TYPES.join(",")}
        multiple
        testId="dropzone"
        inputTestId="image-input"
        hint={`JPEG, PNG or WebP, up to ${Math.round(maxBytes / 1024 / 1024)} MB each.`}
        onFiles={start}
      />
      {items.length > 0 && (
        <ul style={{ listStyle: "none", margin: 0, padding: 0 }} className="stack-sm">
          {items.map((i) => {
            const pct = Math.round(i.progress * 100);
            return (
              <li key={i.key} className="stack-sm">
                <div className="row-between small">
                  <span>{i.name}</span>
                  <span aria-live="polite">{i.state === "done" ? "Uploaded" : i.state === "error" ? "Failed" : `${Math.floor(pct / 25) * 25}%`}</span>
                </div>
                {i.state !== "error" && (
                  <div className="progress" role="progressbar" aria-label={`Uploading ${i.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
                    <span style={{ width: `${pct}%` }} />
                  </div>
                )}
                {i.error && <div className="field-error" role="alert">{i.error}</div>}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
