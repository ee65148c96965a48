// The media API (presigned uploads): typed from the generated schema. Uploading is three steps:
// POST /api/v1/media/uploads → PUT the bytes to upload_url with the returned headers
// (XMLHttpRequest, for progress) → POST /api/v1/media/{id}/complete.
import { api, unwrap } from "./client";
import type { components } from "./schema";

type S = components["schemas"];
export type MediaView = S["MediaView"];
export type UploadView = S["UploadView"];
export type MediaOwnerKind = MediaView["owner_kind"];

export interface MediaOwner {
  owner_kind: MediaOwnerKind;
  owner_id: string;
  vendor_id?: string;
}

export const ACCEPTED_IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
type Accepted = (typeof ACCEPTED_IMAGE_TYPES)[number];

export const mediaApi = {
  createUpload: (owner: MediaOwner, file: { name: string; type: string; size: number }) =>
    unwrap(api.POST("/api/v1/media/uploads", { body: { ...owner, filename: file.name.slice(0, 255), content_type: file.type as Accepted, size: file.size } })),
  complete: (id: string) => unwrap(api.POST("/api/v1/media/{id}/complete", { params: { path: { id } } })),
  list: (owner: MediaOwner) => unwrap(api.GET("/api/v1/media", { params: { query: owner } })),
  get: (id: string) => unwrap(api.GET("/api/v1/media/{id}", { params: { path: { id } } })),
  update: (id: string, body: { alt?: string; position?: number }) => unwrap(api.PATCH("/api/v1/media/{id}", { params: { path: { id } }, body })),
  remove: (id: string) => unwrap(api.DELETE("/api/v1/media/{id}", { params: { path: { id } } })),
};

/** Minimal XMLHttpRequest surface, so tests can substitute a fake. */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: Blob): void;
  abort(): void;
  status: number;
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

/**
 * PUTs the file's bytes to the presigned URL with exactly the headers the API returned,
 * reporting progress as a fraction 0..1. Resolves on 2xx.
 */
export function putWithProgress(
  up: Pick<UploadView, "upload_url" | "method" | "headers">,
  file: Blob,
  onProgress: (fraction: number) => void,
  opts: { signal?: AbortSignal; makeXhr?: () => XhrLike } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = opts.makeXhr ? opts.makeXhr() : (new XMLHttpRequest() as unknown as XhrLike);
    xhr.open(up.method || "PUT", up.upload_url);
    for (const [k, v] of Object.entries(up.headers ?? {})) {
      // Browsers refuse to set Content-Length/Host themselves; they send the right value anyway.
      if (/^(content-length|host)$/i.test(k)) continue;
      xhr.setRequestHeader(k, v);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(Math.min(1, e.loaded / e.total));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new Error(`The upload was refused (HTTP ${xhr.status}).`));
    };
    xhr.onerror = () => reject(new Error("The upload failed. Check your connection and try again."));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    opts.signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(file);
  });
}

/** The three steps: create → PUT bytes (with progress) → complete. */
export async function uploadImage(owner: MediaOwner, file: File, onProgress: (f: number) => void, signal?: AbortSignal): Promise<MediaView> {
  const up = await mediaApi.createUpload(owner, file);
  await putWithProgress(up, file, onProgress, { signal });
  return mediaApi.complete(up.id);
}

/** Best URL for a width (falls back to the original). */
export function mediaUrl(m: Pick<MediaView, "urls"> | null | undefined, width: 160 | 480 | 1200 = 480): string | null {
  const u = m?.urls as Record<string, string> | null | undefined;
  if (!u) return null;
  return u[String(width)] ?? u.original ?? null;
}
