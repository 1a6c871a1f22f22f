import { afterEach, describe, expect, it, vi } from "vitest";
import { statusOf } from "./client";
import { BACKOFF_MS, isResumable, MAX_RETRIES, nextPart, onPartFailure, PART_SIZE, planParts, RESUMABLE_THRESHOLD, uploadResumable } from "./resumable";
import { uploadErrorMessage } from "./upload";

describe("isResumable", () => {
  it("sends files larger than 32 MiB in parts", () => {
    expect(RESUMABLE_THRESHOLD).toBe(32 * 1024 * 1024);
    expect(isResumable(RESUMABLE_THRESHOLD)).toBe(false);
    expect(isResumable(RESUMABLE_THRESHOLD + 1)).toBe(true);
    expect(isResumable(0)).toBe(false);
  });
});

describe("planParts", () => {
  it("cuts the file into 16 MiB parts, the last one shorter", () => {
    const size = 2 * PART_SIZE + 5;
    expect(planParts(size, 0)).toEqual([
      { start: 0, end: PART_SIZE },
      { start: PART_SIZE, end: 2 * PART_SIZE },
      { start: 2 * PART_SIZE, end: size },
    ]);
  });

  it("goes on from the offset, even one inside a part", () => {
    expect(planParts(10, 3, 4)).toEqual([
      { start: 3, end: 7 },
      { start: 7, end: 10 },
    ]);
    expect(nextPart(10, 8, 4)).toEqual({ start: 8, end: 10 });
  });

  it("has nothing left once the offset reaches the size", () => {
    expect(planParts(10, 10, 4)).toEqual([]);
    expect(nextPart(10, 12, 4)).toBeNull();
    expect(planParts(0, 0)).toEqual([]);
  });
});

describe("onPartFailure", () => {
  it("re-reads the offset at once after a 409", () => {
    expect(onPartFailure(409, 0)).toEqual({ action: "resync", delayMs: 0 });
  });

  it("retries network errors and 5xx with a growing backoff", () => {
    expect(onPartFailure(0, 0)).toEqual({ action: "resync", delayMs: BACKOFF_MS });
    expect(onPartFailure(503, 1)).toEqual({ action: "resync", delayMs: 2 * BACKOFF_MS });
    expect(onPartFailure(500, 2)).toEqual({ action: "resync", delayMs: 4 * BACKOFF_MS });
  });

  it("gives up after the last retry, and at once on other errors", () => {
    expect(onPartFailure(0, MAX_RETRIES)).toEqual({ action: "fail" });
    expect(onPartFailure(409, MAX_RETRIES)).toEqual({ action: "fail" });
    expect(onPartFailure(413, 0)).toEqual({ action: "fail" });
    expect(onPartFailure(404, 0)).toEqual({ action: "fail" });
    expect(onPartFailure(undefined, 0)).toEqual({ action: "fail" });
  });
});

/** A stand-in XMLHttpRequest: every request made is kept, to be answered in turn. */
class FakeXHR {
  static all: FakeXHR[] = [];
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown = null;
  status = 0;
  responseText = "";
  responseType = "";
  aborted = false;
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXHR.all.push(this);
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  answer(status: number, body?: unknown) {
    this.status = status;
    this.responseText = body === undefined ? "" : JSON.stringify(body);
    this.onload?.();
  }
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

const base = "/api/v1/workspaces/w1/datasets/d1/uploads";
const up = (offset: number) => ({ id: "u1", name: "big.mp4", size: 10, offset, expires_at: "2030-01-01T00:00:00Z" });

function start(metadata?: string) {
  FakeXHR.all = [];
  vi.stubGlobal("XMLHttpRequest", FakeXHR);
  const fetchMock = vi.fn(() => Promise.resolve(new Response(null, { status: 204 })));
  vi.stubGlobal("fetch", fetchMock);
  const progress = vi.fn();
  const file = new File(["0123456789"], "big.mp4", { type: "video/mp4" });
  const t = uploadResumable("w1", "d1", file, metadata, progress, 4);
  const last = () => FakeXHR.all[FakeXHR.all.length - 1];
  return { t, progress, fetchMock, last };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("uploadResumable", () => {
  it("starts, sends the parts in order, and completes", async () => {
    const { t, progress, last } = start('{"camera":"front"}');
    expect(last().method).toBe("POST");
    expect(last().url).toBe(base);
    expect(JSON.parse(last().body as string)).toEqual({ name: "big.mp4", size: 10, metadata: { camera: "front" } });
    last().answer(201, up(0));
    await flush();
    for (const [start, end] of [
      [0, 4],
      [4, 8],
      [8, 10],
    ]) {
      const x = last();
      expect(x.method).toBe("PUT");
      expect(x.url).toBe(`${base}/u1/parts?offset=${start}`);
      expect(x.headers["Content-Type"]).toBe("application/octet-stream");
      expect((x.body as Blob).size).toBe(end - start);
      x.upload.onprogress!({ loaded: 1, total: end - start, lengthComputable: true });
      expect(progress).toHaveBeenLastCalledWith(start + 1, 10);
      x.answer(200, up(end));
      await flush();
    }
    expect(last().method).toBe("POST");
    expect(last().url).toBe(`${base}/u1/complete`);
    last().answer(201, { id: "i1", name: "big.mp4" });
    await expect(t.promise).resolves.toMatchObject({ id: "i1" });
    expect(progress).toHaveBeenLastCalledWith(10, 10);
  });

  it("re-reads the offset after a 409 and goes on from there", async () => {
    const { t, last } = start();
    last().answer(201, up(0));
    await flush();
    last().answer(409, { status: 409, detail: "the upload stands at offset 8" });
    await flush();
    expect(last().method).toBe("GET");
    expect(last().url).toBe(`${base}/u1`);
    last().answer(200, up(8));
    await flush();
    expect(last().url).toBe(`${base}/u1/parts?offset=8`);
    last().answer(200, up(10));
    await flush();
    last().answer(201, { id: "i1" });
    await expect(t.promise).resolves.toMatchObject({ id: "i1" });
  });

  it("retries a part after a network error, with a backoff", async () => {
    vi.useFakeTimers();
    const { t, last } = start();
    last().answer(201, up(0));
    await flush();
    last().onerror!();
    await flush();
    expect(last().method).toBe("PUT");
    await vi.advanceTimersByTimeAsync(BACKOFF_MS);
    expect(last().method).toBe("GET");
    last().answer(200, up(4));
    await flush();
    expect(last().url).toBe(`${base}/u1/parts?offset=4`);
    last().answer(200, up(10));
    await flush();
    last().answer(201, { id: "i1" });
    await expect(t.promise).resolves.toMatchObject({ id: "i1" });
  });

  it("fails after the last retry and drops the upload", async () => {
    vi.useFakeTimers();
    const { t, last, fetchMock } = start();
    last().answer(201, up(0));
    await flush();
    for (let i = 0; i < MAX_RETRIES; i++) {
      last().answer(503, { status: 503, detail: "unavailable" });
      await vi.advanceTimersByTimeAsync(BACKOFF_MS * 2 ** i);
      last().answer(200, up(0));
      await flush();
    }
    last().answer(503, { status: 503, detail: "unavailable" });
    const err = await t.promise.catch((e: unknown) => e);
    expect(statusOf(err)).toBe(503);
    expect(fetchMock).toHaveBeenCalledWith(`${base}/u1`, expect.objectContaining({ method: "DELETE" }));
  });

  it("rejects with the reason a file is not acceptable", async () => {
    const { t, last } = start();
    last().answer(201, up(8));
    await flush();
    last().answer(200, up(10));
    await flush();
    last().answer(422, { status: 422, detail: "validation failed", errors: [{ location: "body.file", message: "the video is corrupt" }] });
    const err = await t.promise.catch((e: unknown) => e);
    expect(statusOf(err)).toBe(422);
    expect(uploadErrorMessage(err)).toBe("the video is corrupt");
  });

  it("aborts the part under way and drops the upload", async () => {
    const { t, last, fetchMock } = start();
    last().answer(201, up(0));
    await flush();
    const part = last();
    t.abort();
    expect(part.aborted).toBe(true);
    await expect(t.promise).rejects.toMatchObject({ name: "AbortError" });
    expect(fetchMock).toHaveBeenCalledWith(`${base}/u1`, expect.objectContaining({ method: "DELETE" }));
  });

  it("cancels before the upload is started, with nothing to drop", async () => {
    const { t, last, fetchMock } = start();
    const post = last();
    t.abort();
    await expect(t.promise).rejects.toMatchObject({ name: "AbortError" });
    expect(post.aborted).toBe(true);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
