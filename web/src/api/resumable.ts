// Resumable uploads of large files: the file goes in parts, each a PUT at the
// offset where the upload stands, so a dropped connection costs one part
// rather than the whole file. XMLHttpRequest for the parts' upload progress.
import { ApiError, statusOf, type DataItem } from "./client";
import type { components } from "./schema";
import type { Transfer } from "../lib/uploadQueue";

export type ResumableUpload = components["schemas"]["ResumableUpload"];

const MiB = 1024 * 1024;

/** Files larger than this go through the resumable upload API. */
export const RESUMABLE_THRESHOLD = 32 * MiB;
/** The size of each part (the server takes at most 64 MiB). */
export const PART_SIZE = 16 * MiB;
/** How many times a failed part is tried again before the upload fails. */
export const MAX_RETRIES = 3;
/** The wait before the first retry; it doubles after each. */
export const BACKOFF_MS = 500;

/** isResumable says whether a file of this size goes in parts. */
export function isResumable(size: number): boolean {
  return size > RESUMABLE_THRESHOLD;
}

export interface Part {
  start: number;
  end: number;
}

/** nextPart is the part that begins at offset, or null when the whole file is sent. */
export function nextPart(size: number, offset: number, partSize = PART_SIZE): Part | null {
  const start = Math.max(0, Math.min(offset, size));
  if (start >= size) return null;
  return { start, end: Math.min(size, start + Math.max(1, partSize)) };
}

/** planParts lists the parts still to send from offset on. */
export function planParts(size: number, offset: number, partSize = PART_SIZE): Part[] {
  const parts: Part[] = [];
  for (let p = nextPart(size, offset, partSize); p; p = nextPart(size, p.end, partSize)) parts.push(p);
  return parts;
}

export type PartDecision =
  /** Ask the server where the upload stands, then go on from there. */
  | { action: "resync"; delayMs: number }
  /** Give up: the error is the upload's. */
  | { action: "fail" };

/**
 * onPartFailure decides what follows a failed part, given its status (0 when
 * the server could not be reached) and how many times it already failed. A
 * 409 means the part was sent at the wrong offset: re-read it at once. A
 * network error or a 5xx is tried again after a backoff, the offset re-read
 * first as the part may have arrived. Anything else ends the upload.
 */
export function onPartFailure(status: number | undefined, failures: number): PartDecision {
  if (status === undefined || failures >= MAX_RETRIES) return { action: "fail" };
  if (status === 409) return { action: "resync", delayMs: 0 };
  if (status === 0 || status >= 500) return { action: "resync", delayMs: BACKOFF_MS * 2 ** failures };
  return { action: "fail" };
}

function uploadsPath(ws: string, ds: string): string {
  return `/api/v1/workspaces/${encodeURIComponent(ws)}/datasets/${encodeURIComponent(ds)}/uploads`;
}

function abortError(): DOMException {
  return new DOMException("The upload was canceled.", "AbortError");
}

/**
 * uploadResumable sends a large file in parts: it starts an upload, sends
 * PART_SIZE parts from the offset the server reports, and completes it into
 * an item. Progress counts the whole file. It rejects like uploadItem: with
 * ApiError (status 0 when the server could not be reached), or AbortError
 * once aborted, which also drops the upload on the server.
 */
export function uploadResumable(
  ws: string,
  ds: string,
  file: File,
  metadata: string | undefined,
  onProgress: (loaded: number, total: number) => void,
  partSize = PART_SIZE,
): Transfer<DataItem> {
  const base = uploadsPath(ws, ds);
  const size = file.size;
  let aborted = false;
  let current: XMLHttpRequest | undefined;
  let uploadID: string | undefined;
  let wake: (() => void) | undefined;

  const call = <T>(method: string, url: string, body?: Blob | string, onSent?: (loaded: number) => void): Promise<T> => {
    if (aborted) return Promise.reject(abortError());
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      current = xhr;
      xhr.open(method, url);
      xhr.setRequestHeader("Accept", "application/json, application/problem+json");
      if (typeof body === "string") xhr.setRequestHeader("Content-Type", "application/json");
      else if (body) xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.responseType = "text";
      if (onSent) xhr.upload.onprogress = (e) => onSent(e.loaded);
      const done = () => {
        if (current === xhr) current = undefined;
      };
      xhr.onload = () => {
        done();
        const parsed = parseBody(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
        else reject(new ApiError(xhr.status || 0, parsed));
      };
      xhr.onerror = () => {
        done();
        reject(new ApiError(0, undefined));
      };
      xhr.ontimeout = xhr.onerror;
      xhr.onabort = () => {
        done();
        reject(abortError());
      };
      xhr.send(body ?? null);
    });
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (aborted) return reject(abortError());
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        reject(abortError());
      };
    });

  const drop = () => {
    if (uploadID === undefined) return;
    const url = `${base}/${encodeURIComponent(uploadID)}`;
    uploadID = undefined;
    void fetch(url, { method: "DELETE", credentials: "same-origin" }).catch(() => undefined);
  };

  const run = async (): Promise<DataItem> => {
    let meta: unknown;
    if (metadata !== undefined) {
      try {
        meta = JSON.parse(metadata) as unknown;
      } catch {
        throw new ApiError(422, { status: 422, detail: "invalid metadata", errors: [{ location: "body.metadata", message: "must be a JSON object" }] });
      }
    }
    const started = await call<ResumableUpload>("POST", base, JSON.stringify({ name: file.name, size, ...(meta !== undefined ? { metadata: meta } : {}) }));
    uploadID = started.id;
    const here = `${base}/${encodeURIComponent(started.id)}`;
    let offset = started.offset;
    let failures = 0;
    onProgress(offset, size);
    for (let part = nextPart(size, offset, partSize); part; part = nextPart(size, offset, partSize)) {
      const { start, end } = part;
      try {
        const r = await call<ResumableUpload>("PUT", `${here}/parts?offset=${start}`, file.slice(start, end), (loaded) =>
          onProgress(Math.min(end, start + loaded), size),
        );
        offset = r.offset;
        failures = 0;
        onProgress(offset, size);
      } catch (err) {
        if (aborted) throw abortError();
        const decision = onPartFailure(statusOf(err), failures);
        if (decision.action === "fail") throw err;
        failures++;
        if (decision.delayMs > 0) await sleep(decision.delayMs);
        try {
          offset = (await call<ResumableUpload>("GET", here)).offset;
          onProgress(offset, size);
        } catch (getErr) {
          if (aborted) throw abortError();
          const s = statusOf(getErr);
          // Still unreachable: try the part again where we were (the next
          // failure counts); the upload may be gone, though (404...).
          if (s === undefined || (s !== 0 && s < 500)) throw getErr;
        }
      }
    }
    const item = await call<DataItem>("POST", `${here}/complete`);
    uploadID = undefined;
    onProgress(size, size);
    return item;
  };

  // Whatever ended the upload short (cancel included), drop it on the server.
  const promise = run().catch((err: unknown) => {
    drop();
    throw err;
  });
  return {
    promise,
    abort: () => {
      if (aborted) return;
      aborted = true;
      current?.abort();
      wake?.();
      drop();
    },
  };
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
