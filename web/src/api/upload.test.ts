import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, statusOf } from "./client";
import { RESUMABLE_THRESHOLD } from "./resumable";
import { itemsPath, manifestPath, uploadErrorMessage, uploadFile, uploadItem, uploadManifest } from "./upload";

/** A stand-in XMLHttpRequest that records what is sent and answers on demand. */
class FakeXHR {
  static last: FakeXHR;
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: FormData | null = null;
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
    FakeXHR.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = typeof body === "string" ? body : JSON.stringify(body);
    this.onload?.();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
});

function start(metadata?: string) {
  vi.stubGlobal("XMLHttpRequest", FakeXHR);
  const progress = vi.fn();
  const file = new File(["hello"], "a b.txt", { type: "text/plain" });
  const t = uploadItem("w1", "d/1", file, metadata, progress);
  return { t, xhr: FakeXHR.last, progress };
}

describe("uploadItem", () => {
  it("posts the metadata part before the file part", () => {
    const { xhr } = start('{"camera":"front"}');
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/v1/workspaces/w1/datasets/d%2F1/items");
    expect(xhr.url).toBe(itemsPath("w1", "d/1"));
    const parts = [...xhr.body!.entries()];
    expect(parts.map(([k]) => k)).toEqual(["metadata", "file"]);
    expect(parts[0][1]).toBe('{"camera":"front"}');
    expect((parts[1][1] as File).name).toBe("a b.txt");
  });

  it("sends no metadata part without metadata", () => {
    const { xhr } = start();
    expect([...xhr.body!.keys()]).toEqual(["file"]);
  });

  it("reports progress and resolves with the created item", async () => {
    const { t, xhr, progress } = start();
    xhr.upload.onprogress!({ loaded: 3, total: 300, lengthComputable: true });
    xhr.upload.onprogress!({ loaded: 4, total: 0, lengthComputable: false });
    expect(progress.mock.calls).toEqual([
      [3, 300],
      [4, 5],
    ]);
    xhr.answer(201, { id: "i1", name: "a b.txt" });
    await expect(t.promise).resolves.toMatchObject({ id: "i1" });
  });

  it("rejects with the server's problem", async () => {
    const { t, xhr } = start();
    xhr.answer(422, {
      title: "Unprocessable Entity",
      status: 422,
      detail: "validation failed",
      errors: [{ location: "body.file", message: "the file is empty" }],
    });
    const err = await t.promise.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(statusOf(err)).toBe(422);
    expect(uploadErrorMessage(err)).toBe("the file is empty");
  });

  it("rejects with status 0 when the server cannot be reached", async () => {
    const { t, xhr } = start();
    xhr.onerror!();
    const err = await t.promise.catch((e: unknown) => e);
    expect(statusOf(err)).toBe(0);
    expect(uploadErrorMessage(err)).toBe("Could not reach the server.");
  });

  it("aborts", async () => {
    const { t, xhr } = start();
    t.abort();
    expect(xhr.aborted).toBe(true);
    await expect(t.promise).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("uploadFile", () => {
  function send(size: number) {
    vi.stubGlobal("XMLHttpRequest", FakeXHR);
    const file = new File(["x"], "v.mp4");
    Object.defineProperty(file, "size", { value: size });
    uploadFile("w1", "d1", file, undefined, vi.fn());
    return FakeXHR.last;
  }

  it("sends files up to 32 MiB in one request", () => {
    expect(send(RESUMABLE_THRESHOLD).url).toBe(itemsPath("w1", "d1"));
  });

  it("starts a resumable upload for larger files", () => {
    const xhr = send(RESUMABLE_THRESHOLD + 1);
    expect(xhr.url).toBe("/api/v1/workspaces/w1/datasets/d1/uploads");
    expect(JSON.parse(xhr.body as unknown as string)).toEqual({ name: "v.mp4", size: RESUMABLE_THRESHOLD + 1 });
  });
});

describe("uploadManifest", () => {
  function send() {
    vi.stubGlobal("XMLHttpRequest", FakeXHR);
    const progress = vi.fn();
    const file = new File(['{"key": "a.jpg"}\n'], "items.jsonl");
    const t = uploadManifest("w1", "d1", file, progress);
    return { t, xhr: FakeXHR.last, progress };
  }

  it("posts the file in one part named manifest", () => {
    const { xhr } = send();
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/v1/workspaces/w1/datasets/d1/imports/manifest");
    expect(xhr.url).toBe(manifestPath("w1", "d1"));
    const parts = [...xhr.body!.entries()];
    expect(parts.map(([k]) => k)).toEqual(["manifest"]);
    expect((parts[0][1] as File).name).toBe("items.jsonl");
  });

  it("reports progress and resolves with the queued import", async () => {
    const { t, xhr, progress } = send();
    xhr.upload.onprogress!({ loaded: 10, total: 200, lengthComputable: true });
    expect(progress).toHaveBeenCalledWith(10, 200);
    xhr.answer(202, { id: "imp1", status: "queued", source: "manifest" });
    await expect(t.promise).resolves.toMatchObject({ id: "imp1", status: "queued" });
  });

  it("rejects with the server's field error", async () => {
    const { t, xhr } = send();
    xhr.answer(422, { status: 422, detail: "manifest: is empty", errors: [{ location: "body.manifest", message: "is empty" }] });
    const err = await t.promise.catch((e: unknown) => e);
    expect(statusOf(err)).toBe(422);
    expect((err as ApiError).form.fields).toEqual({ manifest: "is empty" });
  });
});

describe("uploadErrorMessage", () => {
  it("prefers the field messages to the summary", () => {
    const err = new ApiError(422, {
      detail: "bad upload",
      errors: [{ location: "body.metadata", message: "must be a JSON object" }],
    });
    expect(uploadErrorMessage(err)).toBe("Metadata: must be a JSON object");
  });

  it("falls back to the detail", () => {
    expect(uploadErrorMessage(new ApiError(413, { detail: "the file is larger than the limit of 2 GB" }))).toBe(
      "the file is larger than the limit of 2 GB",
    );
    expect(uploadErrorMessage(new ApiError(502, "<html>bad gateway</html>"))).toBe("Request failed (502).");
  });
});
