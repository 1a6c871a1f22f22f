// Uploading a file to a dataset, and a manifest to register a bucket's
// objects. XMLHttpRequest rather than fetch: it reports upload progress.
import { ApiError, asFormError, type DataItem, type Import } from "./client";
import type { Transfer } from "../lib/uploadQueue";
import { isResumable, uploadResumable } from "./resumable";

export function itemsPath(ws: string, ds: string): string {
  return `${datasetPath(ws, ds)}/items`;
}

export function manifestPath(ws: string, ds: string): string {
  return `${datasetPath(ws, ds)}/imports/manifest`;
}

function datasetPath(ws: string, ds: string): string {
  return `/api/v1/workspaces/${encodeURIComponent(ws)}/datasets/${encodeURIComponent(ds)}`;
}

/**
 * uploadFile sends a file the way its size calls for: in one request, or in
 * parts through a resumable upload when it is larger than 32 MiB. Both report
 * progress over the file, abort, and settle alike.
 */
export function uploadFile(
  ws: string,
  ds: string,
  file: File,
  metadata: string | undefined,
  onProgress: (loaded: number, total: number) => void,
): Transfer<DataItem> {
  return isResumable(file.size) ? uploadResumable(ws, ds, file, metadata, onProgress) : uploadItem(ws, ds, file, metadata, onProgress);
}

/**
 * uploadItem sends one file as multipart/form-data: the metadata part (a JSON
 * object) first, as the server reads it before the file streams by, then the
 * file. It rejects with ApiError: the server's problem, or status 0 when the
 * server could not be reached.
 */
export function uploadItem(
  ws: string,
  ds: string,
  file: File,
  metadata: string | undefined,
  onProgress: (loaded: number, total: number) => void,
): Transfer<DataItem> {
  const form = new FormData();
  if (metadata !== undefined) form.append("metadata", metadata);
  form.append("file", file, file.name);
  return postForm<DataItem>(itemsPath(ws, ds), form, file.size, onProgress);
}

/**
 * uploadManifest sends a JSON Lines manifest, in the one part named
 * "manifest"; the server answers 202 with the import it queued. It rejects
 * as uploadItem does.
 */
export function uploadManifest(ws: string, ds: string, file: File, onProgress: (loaded: number, total: number) => void): Transfer<Import> {
  const form = new FormData();
  form.append("manifest", file, file.name);
  return postForm<Import>(manifestPath(ws, ds), form, file.size, onProgress);
}

/** postForm posts a form, reporting the bytes sent; `size` stands in for an unknown total. */
function postForm<T>(url: string, form: FormData, size: number, onProgress: (loaded: number, total: number) => void): Transfer<T> {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json, application/problem+json");
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : size);
    xhr.onload = () => {
      const body = parseBody(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === "object") resolve(body as T);
      else reject(new ApiError(xhr.status || 0, body));
    };
    xhr.onerror = () => reject(new ApiError(0, undefined));
    xhr.ontimeout = () => reject(new ApiError(0, undefined));
    xhr.onabort = () => reject(new DOMException("The upload was canceled.", "AbortError"));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * uploadErrorMessage says why the server refused a file: the message about
 * the file itself ("the file is empty") rather than the problem's summary,
 * and about the metadata when that was the trouble.
 */
export function uploadErrorMessage(err: unknown): string {
  const { message, fields } = asFormError(err);
  const parts = Object.entries(fields).map(([k, m]) => (k === "file" ? m : `${k === "metadata" ? "Metadata" : k}: ${m}`));
  if (parts.length === 0) return message;
  return parts.join("; ");
}
